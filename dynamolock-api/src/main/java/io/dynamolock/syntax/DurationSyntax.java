package io.dynamolock.syntax;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax shared by {@code @DynamoLocked(waitFor)}, the configuration and the
 * annotation processor: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601
 * ({@code PT10S}). Not API: it lives here so that compile time, weave time and run time parse
 * the same way.
 */
public final class DurationSyntax {

    /** What the syntax accepts, for error messages. */
    public static final String ACCEPTED = "a duration such as 500ms, 10s, 2m, 1h or ISO-8601 PT10S";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

    private DurationSyntax() {
    }

    /**
     * Parses {@code text}.
     *
     * @param text the duration text
     * @return the duration, never negative
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no duration given; expected " + ACCEPTED);
        }
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                default: return Duration.ofHours(amount);
            }
        }
        if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
            try {
                Duration d = Duration.parse(trimmed);
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below with the accepted forms
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not " + ACCEPTED);
    }
}
