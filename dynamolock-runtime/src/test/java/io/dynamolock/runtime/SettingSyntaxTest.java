package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SettingSyntaxTest {

    private enum Colour { RED, DARK_GREEN, BLUE }

    @Test
    void anEnumIsReadInAnyCaseAndListsItsConstantsAsWritten() {
        SettingSyntax<Colour> lower = SettingSyntax.enumeration(Colour.class, true);
        SettingSyntax<Colour> declared = SettingSyntax.enumeration(Colour.class, false);

        assertEquals("red, dark_green or blue", lower.accepted());
        assertEquals("RED, DARK_GREEN or BLUE", declared.accepted());
        assertEquals(Colour.DARK_GREEN, lower.parser().apply("Dark_Green"));
        assertNull(lower.parser().apply("green"));
        assertEquals("dark_green", lower.writer().apply(Colour.DARK_GREEN));
    }
}
