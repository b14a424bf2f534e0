package io.dynamolock.runtime;

import io.dynamolock.syntax.DurationSyntax;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a setting's value is written: the parser from text, how a value is written back (in error
 * messages, {@link LockSettings#toString()} and the README) and what text is accepted.
 *
 * @param type     the values' class
 * @param parser   the value of a trimmed text; null, or an {@link IllegalArgumentException}, when the
 *                 text is not accepted
 * @param writer   a value as text
 * @param accepted what is accepted, as error messages say after {@code expected}
 * @param <T>      the values' type
 */
record SettingSyntax<T>(Class<T> type, Function<String, T> parser, Function<T, String> writer, String accepted) {

    /** Any text. */
    static final SettingSyntax<String> TEXT = new SettingSyntax<>(String.class, text -> text, text -> text, "text");

    /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601, written back in the short form. */
    static final SettingSyntax<Duration> DURATION = new SettingSyntax<>(Duration.class, DurationSyntax::parse,
            SettingSyntax::text, DurationSyntax.ACCEPTED);

    /** {@code true} or {@code false}, in any case. */
    static final SettingSyntax<Boolean> BOOLEAN = new SettingSyntax<>(Boolean.class, SettingSyntax::bool,
            String::valueOf, "true or false");

    /** A whole number of at least one. */
    static final SettingSyntax<Long> COUNT = new SettingSyntax<>(Long.class,
            SettingSyntax::count, String::valueOf, "a whole number >= 1");

    /** An http or https URL with a host. */
    static final SettingSyntax<URI> HTTP_URL = new SettingSyntax<>(URI.class, SettingSyntax::httpUrl, URI::toString,
            "an http or https URL with a host, such as http://localhost:4566");

    /**
     * The constants of an enum, read in any case.
     *
     * @param type      the enum
     * @param lowerCase whether values are written in lower case ({@code clock}) or as declared
     *                  ({@code PAY_PER_REQUEST}, as DynamoDB spells it)
     * @param <E>       the enum's type
     * @return the syntax
     */
    static <E extends Enum<E>> SettingSyntax<E> enumeration(Class<E> type, boolean lowerCase) {
        List<E> constants = List.of(type.getEnumConstants());
        Function<E, String> writer = e -> lowerCase ? e.name().toLowerCase(Locale.ROOT) : e.name();
        List<String> written = constants.stream().map(writer).toList();
        String accepted = written.size() == 1 ? written.get(0)
                : String.join(", ", written.subList(0, written.size() - 1)) + " or " + written.get(written.size() - 1);
        return new SettingSyntax<>(type, text -> constants.stream().filter(e -> e.name().equalsIgnoreCase(text))
                .findFirst().orElse(null), writer, accepted);
    }

    /** A duration as the settings are written: 11s, 500ms, 2m, 1h (not PT11S). */
    private static String text(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        return null;
    }

    private static Long count(String text) {
        long count = Long.parseLong(text);
        return count >= 1 ? Long.valueOf(count) : null;
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
