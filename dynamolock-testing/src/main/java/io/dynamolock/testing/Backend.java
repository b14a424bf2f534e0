package io.dynamolock.testing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of DynamoDB-compatible server the test support can hand out, plus {@link #AUTO}, which
 * picks the first one available (see {@link DynamoDbServers#start()}).
 */
public enum Backend {
    /** Pick one: external endpoint, then LocalStack, then moto, then dynalite. */
    AUTO("auto"),
    /** A server someone else runs, named by {@code DYNAMOLOCK_TEST_ENDPOINT}. */
    EXTERNAL("external"),
    /** LocalStack in a Docker container, through Testcontainers. */
    LOCALSTACK("localstack"),
    /** Python moto's {@code moto_server}, as a local process. */
    MOTO("moto"),
    /** The npm package dynalite on Node.js, as a local process. */
    DYNALITE("dynalite");

    private final String id;

    Backend(String id) {
        this.id = id;
    }

    /**
     * @return the lower-case name used in {@code dynamolock.test.backend} and
     *     {@code DYNAMOLOCK_TEST_BACKEND}, and returned by {@link DynamoDbServer#backend()}
     */
    public String id() {
        return id;
    }

    /**
     * Parses a backend name, ignoring case and surrounding blanks.
     *
     * @param value a name such as {@code "moto"}
     * @return the backend of that name
     * @throws IllegalArgumentException naming the value and the accepted names when it is unknown
     */
    public static Backend parse(String value) {
        return parse(value, "backend name");
    }

    /**
     * Reads the configured backend: the system property when set and not blank, else the
     * environment variable when set and not blank, else {@link #AUTO}. Pure, so it can be tested
     * without touching the JVM's properties.
     */
    static Backend fromSettings(String propertyValue, String environmentValue) {
        if (propertyValue != null && !propertyValue.isBlank()) {
            return parse(propertyValue, "system property " + DynamoDbServers.BACKEND_PROPERTY);
        }
        if (environmentValue != null && !environmentValue.isBlank()) {
            return parse(environmentValue, "environment variable " + DynamoDbServers.BACKEND_ENV);
        }
        return AUTO;
    }

    private static Backend parse(String value, String source) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Backend backend : values()) {
            if (backend.id.equals(wanted)) {
                return backend;
            }
        }
        throw new IllegalArgumentException("Unknown DynamoDB test backend '" + value + "' (" + source
                + "); accepted values: " + acceptedValues());
    }

    /** The accepted names, comma separated, for messages. */
    static String acceptedValues() {
        return Arrays.stream(values()).map(Backend::id).collect(Collectors.joining(", "));
    }
}
