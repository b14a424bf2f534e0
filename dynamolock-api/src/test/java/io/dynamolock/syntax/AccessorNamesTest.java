package io.dynamolock.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AccessorNamesTest {

    @Test
    void getterUpperCasesOnlyTheFirstCharacter() {
        assertEquals("getId", AccessorNames.getterFor("id"));
        assertEquals("getX", AccessorNames.getterFor("x"));
        assertEquals("getURL", AccessorNames.getterFor("URL"));
        assertEquals("getCustomerId", AccessorNames.getterFor("customerId"));
        assertEquals("get_id", AccessorNames.getterFor("_id"));
        assertEquals("getÄrger", AccessorNames.getterFor("ärger"));
    }

    @Test
    void booleanGetterUsesIs() {
        assertEquals("isActive", AccessorNames.booleanGetterFor("active"));
    }

    @Test
    void capitalisationIgnoresTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
            assertEquals("getId", AccessorNames.getterFor("id"));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void emptyStepIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> AccessorNames.getterFor(""));
    }
}
