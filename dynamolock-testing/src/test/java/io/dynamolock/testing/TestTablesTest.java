package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestTablesTest {

    @Test
    void uniqueNamesKeepThePrefixAndDiffer() {
        String first = TestTables.uniqueName("locks");
        String second = TestTables.uniqueName("locks");
        assertTrue(first.matches("locks-[0-9a-f]{16}"), first);
        assertNotEquals(first, second);
    }

    @Test
    void prefixThatCannotBeATableNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TestTables.uniqueName(""));
        assertThrows(IllegalArgumentException.class, () -> TestTables.uniqueName("no spaces"));
        assertThrows(IllegalArgumentException.class, () -> TestTables.uniqueName("x".repeat(239)));
    }
}
