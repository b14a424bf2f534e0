package io.dynamolock.testing;

import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** Table names for tests that share one server: each test gets tables no other test touches. */
public final class TestTables {

    /** A hyphen and 16 hex digits. */
    private static final int SUFFIX_LENGTH = 17;
    private static final int MAX_TABLE_NAME = 255;

    private TestTables() {
    }

    /**
     * Returns {@code prefix-<16 random hex digits>}, a valid DynamoDB table name.
     *
     * @param prefix what the table is for, e.g. {@code "locks"}: letters, digits, {@code _ . -},
     *     at most 238 characters
     * @return a name no other call in any JVM is likely to return
     * @throws IllegalArgumentException when the prefix would make an invalid table name
     */
    public static String uniqueName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.length() > MAX_TABLE_NAME - SUFFIX_LENGTH
                || !prefix.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Table name prefix '" + prefix + "' must be 1 to "
                    + (MAX_TABLE_NAME - SUFFIX_LENGTH) + " characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        // 64 random bits: collisions between tests sharing a server are not a practical concern.
        return prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
