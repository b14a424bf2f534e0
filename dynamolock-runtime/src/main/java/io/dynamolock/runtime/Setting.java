package io.dynamolock.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One of the {@link LockSettings}: its name, default, syntax, the checks of a single value and a
 * line of documentation. {@link SettingTable} lists them all; resolution, {@link LockSettings.Changes},
 * the error messages, {@link LockSettings#toString()} and the README's configuration table read them there.
 *
 * @param <T> the value's type
 */
final class Setting<T> {

    private final String name;
    private final SettingSyntax<T> syntax;
    private final Supplier<T> defaultValue;
    private final String defaultDoc;
    private final String doc;
    private final List<Check<T>> checks;

    /**
     * A condition on a single value, checked whichever way the value was given.
     *
     * @param holds    whether a value meets it
     * @param expected what is expected instead, as error messages say after {@code expected}
     * @param <T>      the value's type
     */
    record Check<T>(Predicate<T> holds, String expected) {
    }

    private Setting(String name, SettingSyntax<T> syntax, Supplier<T> defaultValue, String defaultDoc, String doc,
                    List<Check<T>> checks) {
        this.name = name;
        this.syntax = syntax;
        this.defaultValue = defaultValue;
        this.defaultDoc = defaultDoc;
        this.doc = doc;
        this.checks = checks;
    }

    /**
     * A setting with a fixed default, which the README shows as written.
     *
     * @param name         the name, such as {@code clockSkew}
     * @param syntax       how the value is written
     * @param defaultValue the default
     * @param doc          one line of Markdown for the README
     * @param checks       the conditions on a value
     * @param <T>          the value's type
     * @return the setting
     */
    @SafeVarargs
    static <T> Setting<T> of(String name, SettingSyntax<T> syntax, T defaultValue, String doc, Check<T>... checks) {
        return new Setting<>(name, syntax, () -> defaultValue, "`" + syntax.writer().apply(defaultValue) + "`", doc,
                List.of(checks));
    }

    /**
     * A setting whose default is computed each time, or absent, and described in words.
     *
     * @param name         the name, such as {@code owner}
     * @param syntax       how the value is written
     * @param defaultValue the default, or null for none
     * @param defaultDoc   the default in words, for the README
     * @param doc          one line of Markdown for the README
     * @param checks       the conditions on a value
     * @param <T>          the value's type
     * @return the setting
     */
    @SafeVarargs
    static <T> Setting<T> described(String name, SettingSyntax<T> syntax, Supplier<T> defaultValue, String defaultDoc,
                                    String doc, Check<T>... checks) {
        return new Setting<>(name, syntax, defaultValue, defaultDoc, doc, List.of(checks));
    }

    /** @return the name, such as {@code clockSkew} */
    String name() {
        return name;
    }

    /** @return the system property, such as {@code dynamolock.clockSkew} */
    String property() {
        return "dynamolock." + name;
    }

    /**
     * @return the environment variables, first with camel case split by {@code _}
     *     ({@code DYNAMOLOCK_CLOCK_SKEW}), then, for a camel-case name, without
     *     ({@code DYNAMOLOCK_CLOCKSKEW}, as Spring Boot's relaxed binding writes it)
     */
    List<String> environmentNames() {
        return Stream.of(name.replaceAll("([a-z])([A-Z])", "$1_$2"), name)
                .map(n -> "DYNAMOLOCK_" + n.toUpperCase(Locale.ROOT)).distinct().toList();
    }

    /** @return the default, or null when the setting has none */
    T defaultValue() {
        return defaultValue.get();
    }

    /**
     * Reads the setting from the first source that has it: system property, environment
     * variable, agent argument.
     *
     * @param systemProperties looks up {@code dynamolock.x}
     * @param environment      looks up {@code DYNAMOLOCK_X}
     * @param agentArguments   agent arguments by setting name
     * @return the value, or null when no source has it
     * @throws IllegalArgumentException naming the source when its text is not accepted, or both
     *     environment variables when they disagree
     */
    T lookUp(Function<String, String> systemProperties, Function<String, String> environment,
             Map<String, String> agentArguments) {
        String raw = systemProperties.apply(property());
        if (raw != null) {
            return parse(raw, "system property " + property());
        }
        T fromEnvironment = fromEnvironment(environment);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        raw = agentArguments.get(name);
        return raw == null ? null : parse(raw, "agent argument " + name);
    }

    private T fromEnvironment(Function<String, String> environment) {
        T found = null;
        String foundIn = null;
        String foundText = null;
        for (String variable : environmentNames()) {
            String raw = environment.apply(variable);
            if (raw == null) {
                continue;
            }
            T value = parse(raw, "environment variable " + variable);
            if (found == null) {
                found = value;
                foundIn = variable;
                foundText = raw.trim();
            } else if (!found.equals(value)) {
                throw new IllegalArgumentException("conflicting environment variables " + foundIn + " '" + foundText
                        + "' and " + variable + " '" + raw.trim() + "' for " + property() + ": set only one");
            }
        }
        return found;
    }

    /**
     * @param raw    the text, trimmed here
     * @param source where it was given, such as {@code system property dynamolock.lease}
     * @return its value
     * @throws IllegalArgumentException naming the source, the text and what is accepted
     */
    T parse(String raw, String source) {
        String text = raw.trim();
        T value;
        try {
            value = syntax.parser().apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(source, text, syntax.accepted(), e);
        }
        if (value == null) {
            throw invalid(source, text, syntax.accepted(), null);
        }
        return value;
    }

    /**
     * @param value a value of this setting
     * @throws IllegalArgumentException naming the setting and the value when a check fails
     */
    void check(Object value) {
        T typed = cast(value);
        for (Check<T> check : checks) {
            if (!check.holds().test(typed)) {
                throw rejected(value, check.expected());
            }
        }
    }

    /**
     * @param value    a value of this setting
     * @param expected what is expected instead
     * @return the error {@code invalid dynamolock.x 'value': expected ...}
     */
    IllegalArgumentException rejected(Object value, String expected) {
        return invalid(property(), write(value), expected, null);
    }

    /** @param value a value of this setting, or null @return it as written in a setting */
    String write(Object value) {
        return value == null ? "null" : syntax.writer().apply(cast(value));
    }

    /** @param value a value of this setting, or null @return it, typed */
    T cast(Object value) {
        return syntax.type().cast(value);
    }

    /** @return this setting's row in the README's configuration table */
    String markdownRow() {
        return "| `" + property() + "` | " + defaultDoc + " | " + doc + " |";
    }

    private static IllegalArgumentException invalid(String source, String text, String expected, Exception cause) {
        return new IllegalArgumentException("invalid " + source + " '" + text + "': expected " + expected, cause);
    }
}
