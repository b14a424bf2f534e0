package io.dynamolock.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code @DynamoLocked} key template. Not API: it lives here so that the annotation
 * processor (at compile time) and the agent (at weave time) read templates the same way.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>Any text other than {@code $} is literal.</li>
 *   <li>{@code $$} is a literal {@code $}.</li>
 *   <li>{@code $<path>} is a placeholder, where {@code path} is
 *       {@code identifier ( "." identifier )*}. An identifier starts with a character for which
 *       {@link Character#isJavaIdentifierStart(int)} holds, goes on with characters for which
 *       {@link Character#isJavaIdentifierPart(int)} holds, and contains no
 *       {@linkplain Character#isIdentifierIgnorable(int) ignorable} character. No spaces.</li>
 *   <li>The first identifier (the root) is an argument: {@code argN} by position, where
 *       {@code N} is a decimal {@code int} without leading zeros (see
 *       {@link Placeholder#argumentIndex()}); anything else by parameter name.</li>
 *   <li>A {@code $} followed by anything else, or at the very end, is an error (this catches
 *       {@code ${arg0}} written for {@code $<arg0>}). Nothing else is interpreted.</li>
 * </ul>
 *
 * <h2>The accessor rule</h2>
 * Each identifier after the root is a step applied to the value so far. The processor and the
 * agent must resolve steps identically, so here is the one rule both follow. A step named
 * {@code x} on a type {@code T} resolves to the first of:
 * <ol>
 *   <li>a record component {@code x} of {@code T}, when {@code T} is a record: call
 *       {@code x()};</li>
 *   <li>a public, non-static, no-argument method {@code getX()} (see
 *       {@link AccessorNames#getterFor(String)}) whose return type is not {@code void};</li>
 *   <li>a public, non-static, no-argument method {@code isX()} (see
 *       {@link AccessorNames#booleanGetterFor(String)}) returning {@code boolean} or
 *       {@link Boolean};</li>
 *   <li>a public, non-static field {@code x}.</li>
 * </ol>
 * Inherited members (from superclasses and superinterfaces) count; static members do not;
 * members declared by {@link Object} itself do not (its only candidate, {@code getClass()},
 * would lock on class names, and interfaces do not see it at run time). {@code T} is the
 * erasure of the declared type: the root's parameter type, or the member's declared type where
 * the member is declared, so a type variable stands for its leftmost bound and type arguments
 * are ignored (the types the class file has). Among several matching methods (covariant
 * overrides) the one with the most specific return type counts. A step on a primitive or
 * array type is an error. The final value may be of any type, primitives and boxed primitives
 * included.
 */
public final class KeyTemplate {

    /** What a template may contain, for error messages. */
    public static final String ACCEPTED = "literal text, $$ for a literal $, and placeholders"
            + " $<arg0> (argument by position), $<name> (argument by name)"
            + " or $<arg0.id> (a chain of accessors)";

    private final String source;
    private final List<Segment> segments;
    private final List<Placeholder> placeholders;

    private KeyTemplate(String source, List<Segment> segments) {
        this.source = source;
        this.segments = List.copyOf(segments);
        List<Placeholder> found = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment instanceof Placeholder placeholder) {
                found.add(placeholder);
            }
        }
        this.placeholders = List.copyOf(found);
    }

    /**
     * Parses a key template.
     *
     * @param template the template as written in {@code @DynamoLocked}
     * @return the parsed template
     * @throws IllegalArgumentException whose message quotes the template, gives the 0-based
     *     position (in UTF-16 chars) of the problem, says what is wrong and what is accepted
     */
    public static KeyTemplate parse(String template) {
        if (template == null) {
            throw new IllegalArgumentException("no key template given; a template is " + ACCEPTED);
        }
        if (template.isEmpty()) {
            throw error(template, 0, "the template is empty; a lock key needs at least one character");
        }
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$') {
                // A key must have a UTF-8 form; a lone surrogate has none, so every call would fail.
                if (Character.isHighSurrogate(c) && i + 1 < template.length()
                        && Character.isLowSurrogate(template.charAt(i + 1))) {
                    literal.append(c).append(template.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    throw error(template, i, "an unpaired surrogate (\\u" + Integer.toHexString(c).toUpperCase(
                            java.util.Locale.ROOT) + "), which has no UTF-8 form; a lock key is well-formed Unicode");
                }
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 == template.length()) {
                throw error(template, i, "a lone '$' ends the template, an unknown placeholder"
                        + " (write $$ for a literal $)");
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            if (next != '<') {
                String written = template.substring(i, i + 1 + Character.charCount(template.codePointAt(i + 1)));
                throw error(template, i, "unknown placeholder \"" + written + "\" (write $$ for a literal $)");
            }
            int close = template.indexOf('>', i + 2);
            if (close < 0) {
                throw error(template, i, "the placeholder \"$<\" is never closed with '>'");
            }
            if (close == i + 2) {
                throw error(template, i, "the placeholder \"$<>\" is empty; name an argument, as in $<arg0>");
            }
            List<String> names = parsePath(template, i + 2, close);
            if (literal.length() > 0) {
                segments.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            segments.add(new Placeholder(template.substring(i, close + 1), names.get(0),
                    names.subList(1, names.size())));
            i = close + 1;
        }
        if (literal.length() > 0) {
            segments.add(new Literal(literal.toString()));
        }
        return new KeyTemplate(template, segments);
    }

    /** Splits {@code template[start, end)} into identifiers, failing at the first bad char. */
    private static List<String> parsePath(String template, int start, int end) {
        List<String> names = new ArrayList<>();
        int p = start;
        while (true) {
            if (p == end) {
                throw error(template, p - 1, "the placeholder path ends with '.'; a '.' must be followed by a name");
            }
            if (template.charAt(p) == '.') {
                throw error(template, p, names.isEmpty()
                        ? "the placeholder path starts with '.'; it must start with an argument, as in $<arg0.id>"
                        : "the placeholder path has two '.' in a row; each '.' must be followed by a name");
            }
            int nameStart = p;
            int cp = template.codePointAt(p);
            if (!isNameStart(cp)) {
                throw error(template, p, describe(cp) + " cannot start a name in a placeholder");
            }
            p += Character.charCount(cp);
            while (p < end && template.charAt(p) != '.') {
                cp = template.codePointAt(p);
                if (!isNamePart(cp)) {
                    throw error(template, p, describe(cp) + " is not allowed in a placeholder name");
                }
                p += Character.charCount(cp);
            }
            names.add(template.substring(nameStart, p));
            if (p == end) {
                return names;
            }
            p++; // past '.'
        }
    }

    // Ignorable characters are legal in Java source but dropped from the name, so a template
    // holding one would never match the name the class file records.
    private static boolean isNameStart(int cp) {
        return Character.isJavaIdentifierStart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    private static boolean isNamePart(int cp) {
        return Character.isJavaIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    private static String describe(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return "whitespace";
        }
        if (Character.isISOControl(cp) || Character.isIdentifierIgnorable(cp)) {
            return String.format("the control character U+%04X", cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private static IllegalArgumentException error(String template, int position, String problem) {
        return new IllegalArgumentException("invalid key template \"" + template + "\" at position "
                + position + ": " + problem + "; a template is " + ACCEPTED);
    }

    /** @return the template as written */
    public String source() {
        return source;
    }

    /** @return the literal text and placeholders in order; adjacent literal text is merged */
    public List<Segment> segments() {
        return segments;
    }

    /** @return the placeholders in order of appearance, possibly none */
    public List<Placeholder> placeholders() {
        return placeholders;
    }

    /** Two templates are equal when they were parsed from the same text. */
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyTemplate that && source.equals(that.source);
    }

    /** @return a hash of the source text */
    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** @return the template as written */
    @Override
    public String toString() {
        return source;
    }

    /** A part of a template: literal text or a placeholder. */
    public sealed interface Segment permits Literal, Placeholder {
    }

    /**
     * Literal text, with {@code $$} already turned into {@code $}.
     *
     * @param text the text, never empty
     */
    public record Literal(String text) implements Segment {

        /**
         * @param text the text, never empty
         * @throws IllegalArgumentException when {@code text} is empty
         */
        public Literal {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a literal segment cannot be empty");
            }
        }
    }

    /**
     * A placeholder: an argument, then zero or more accessor steps.
     *
     * @param text      the placeholder as written, as in {@code $<arg0.id>}
     * @param root      the argument: {@code argN} or a parameter name
     * @param accessors the steps after the root, in order, as in {@code [id]}; possibly empty
     */
    public record Placeholder(String text, String root, List<String> accessors) implements Segment {

        /**
         * @param text      the placeholder as written
         * @param root      the argument, never empty
         * @param accessors the steps after the root; copied
         * @throws IllegalArgumentException when {@code root} or a step is empty
         */
        public Placeholder {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(root, "root");
            accessors = List.copyOf(accessors);
            if (root.isEmpty() || accessors.contains("")) {
                throw new IllegalArgumentException("empty name in placeholder " + text);
            }
        }

        /**
         * Tells whether the root names an argument by position. {@code argN} does when {@code N}
         * is ASCII decimal digits without a leading zero ({@code arg0} itself is fine) and fits
         * in an {@code int}; any other root ({@code arg01}, {@code args}, {@code arg}) is a
         * parameter name.
         *
         * @return {@code N} for a root {@code argN}, or {@code -1} when the root is a name
         */
        public int argumentIndex() {
            if (!root.startsWith("arg") || root.length() == 3) {
                return -1;
            }
            String digits = root.substring(3);
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                return -1;
            }
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
            }
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException tooLarge) {
                return -1;
            }
        }
    }
}
