package io.dynamolock.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.dynamolock.syntax.KeyTemplate.Literal;
import io.dynamolock.syntax.KeyTemplate.Placeholder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KeyTemplateTest {

    // ---- accepted forms -------------------------------------------------------------------

    @Test
    void literalTextIsOneLiteral() {
        KeyTemplate template = KeyTemplate.parse("nightly report <all> #1");
        assertEquals(List.of(new Literal("nightly report <all> #1")), template.segments());
        assertEquals(List.of(), template.placeholders());
    }

    @Test
    void positionalPlaceholder() {
        KeyTemplate template = KeyTemplate.parse("invoice-$<arg0>");
        Placeholder arg0 = new Placeholder("$<arg0>", "arg0", List.of());
        assertEquals(List.of(new Literal("invoice-"), arg0), template.segments());
        assertEquals(List.of(arg0), template.placeholders());
        assertEquals(0, arg0.argumentIndex());
    }

    @Test
    void namedPlaceholder() {
        Placeholder placeholder = KeyTemplate.parse("$<invoiceId>").placeholders().get(0);
        assertEquals("invoiceId", placeholder.root());
        assertEquals(-1, placeholder.argumentIndex());
    }

    @Test
    void accessorChain() {
        KeyTemplate template = KeyTemplate.parse("c-$<order.customer.id>/$<arg1.id>");
        assertEquals(List.of(
                new Literal("c-"),
                new Placeholder("$<order.customer.id>", "order", List.of("customer", "id")),
                new Literal("/"),
                new Placeholder("$<arg1.id>", "arg1", List.of("id"))), template.segments());
    }

    @Test
    void doubleDollarIsALiteralDollarMergedWithItsNeighbours() {
        KeyTemplate template = KeyTemplate.parse("a$$b$<x>c$$");
        assertEquals(List.of(new Literal("a$b"), new Placeholder("$<x>", "x", List.of()), new Literal("c$")),
                template.segments());
    }

    @Test
    void escapedDollarBeforeAngleBracketIsLiteral() {
        assertEquals(List.of(new Literal("$<arg0>")), KeyTemplate.parse("$$<arg0>").segments());
        assertEquals(List.of(new Literal("$")), KeyTemplate.parse("$$").segments());
    }

    @Test
    void adjacentPlaceholdersStaySeparate() {
        KeyTemplate template = KeyTemplate.parse("$<a>$<b>");
        assertEquals(List.of(new Placeholder("$<a>", "a", List.of()), new Placeholder("$<b>", "b", List.of())),
                template.segments());
    }

    @Test
    void javaIdentifiersIncludingUnicodeUnderscoreAndDollar() {
        Placeholder placeholder = KeyTemplate.parse("$<größe._a$b.x1>").placeholders().get(0);
        assertEquals("größe", placeholder.root());
        assertEquals(List.of("_a$b", "x1"), placeholder.accessors());
    }

    @Test
    void sourceAndToStringGiveTheTemplateAsWritten() {
        KeyTemplate template = KeyTemplate.parse("a$$-$<arg0>");
        assertEquals("a$$-$<arg0>", template.source());
        assertEquals("a$$-$<arg0>", template.toString());
    }

    @Test
    void equalityFollowsTheSource() {
        assertEquals(KeyTemplate.parse("a-$<arg0>"), KeyTemplate.parse("a-$<arg0>"));
        assertEquals(KeyTemplate.parse("a-$<arg0>").hashCode(), KeyTemplate.parse("a-$<arg0>").hashCode());
        assertNotEquals(KeyTemplate.parse("a-$<arg0>"), KeyTemplate.parse("a-$<arg1>"));
    }

    @Test
    void listsAreImmutable() {
        KeyTemplate template = KeyTemplate.parse("a-$<arg0.id>");
        assertThrows(UnsupportedOperationException.class, () -> template.segments().clear());
        assertThrows(UnsupportedOperationException.class, () -> template.placeholders().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> template.placeholders().get(0).accessors().add("x"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "arg0, 0", "arg1, 1", "arg12, 12", "arg2147483647, 2147483647",
            "arg, -1", "args, -1", "arg01, -1", "arg00, -1", "argX, -1", "arg1a, -1", "Arg0, -1",
            "arg2147483648, -1", "invoiceId, -1", "arg١, -1"})
    void argumentIndexOnlyForArgFollowedByACanonicalNumber(String root, int expected) {
        assertEquals(expected, new Placeholder("$<" + root + ">", root, List.of()).argumentIndex());
    }

    // ---- errors ---------------------------------------------------------------------------

    static Stream<Arguments> malformedTemplates() {
        return Stream.of(
                arguments("", 0, "empty"),
                arguments("invoice-$<arg0", 8, "never closed with '>'"),
                arguments("$<", 0, "never closed with '>'"),
                arguments("a-$<>", 2, "\"$<>\" is empty"),
                arguments("$<a..b>", 4, "two '.' in a row"),
                arguments("$<.a>", 2, "starts with '.'"),
                arguments("$<a.>", 3, "ends with '.'"),
                arguments("$<1x>", 2, "'1' cannot start a name"),
                arguments("$< a>", 2, "whitespace cannot start a name"),
                arguments("$<a b>", 3, "whitespace is not allowed"),
                arguments("$<a-b>", 3, "'-' is not allowed"),
                arguments("$<a.1>", 4, "'1' cannot start a name"),
                arguments("invoice-${arg0}", 8, "unknown placeholder \"${\" (write $$ for a literal $)"),
                arguments("$x", 0, "unknown placeholder \"$x\" (write $$ for a literal $)"),
                arguments("price: 5$", 8, "lone '$' ends the template, an unknown placeholder (write $$ for a literal $)"),
                arguments("$$$", 2, "lone '$'"));
    }

    @ParameterizedTest(name = "\"{0}\" at {1}")
    @MethodSource("malformedTemplates")
    void malformedTemplateIsRejectedWithPositionProblemAndAcceptedForms(String template, int position, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse(template));
        String message = e.getMessage();
        assertTrue(message.contains("\"" + template + "\""), message);
        assertTrue(message.contains("at position " + position + ":"), message);
        assertTrue(message.contains(problem), message);
        assertTrue(message.contains(KeyTemplate.ACCEPTED), message);
    }

    @Test
    void nullTemplateIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse(null));
        assertTrue(e.getMessage().contains("no key template"), e.getMessage());
    }

    @Test
    void ignorableControlCharacterInANameIsRejected() {
        // Legal in Java source but dropped from the compiled name, so it could never match.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyTemplate.parse("$<a\u0001b>"));
        assertTrue(e.getMessage().contains("position 3: the control character U+0001"), e.getMessage());
    }

    @Test
    void placeholderRecordRejectsEmptyNames() {
        assertThrows(IllegalArgumentException.class, () -> new Placeholder("$<>", "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Placeholder("$<a.>", "a", List.of("")));
        assertThrows(IllegalArgumentException.class, () -> new Literal(""));
    }

    @Test
    void anUnpairedSurrogateIsRejectedAndAPairIsKept() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KeyTemplate.parse("k-\ud800-$<arg0>"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("at position 2"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("unpaired surrogate (\\uD800)"),
                e.getMessage());

        assertEquals(List.of(new Literal("k-\ud83d\udd12")), KeyTemplate.parse("k-\ud83d\udd12").segments());
    }
}
