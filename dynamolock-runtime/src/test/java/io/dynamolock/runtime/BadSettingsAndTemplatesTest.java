package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.syntax.KeyTemplate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings and key templates that are wrong: each is refused with an error that names it, shows
 * the value as written and says what is accepted, before anything starts. No server needed: a
 * manager with a bad setting is never built.
 */
class BadSettingsAndTemplatesTest {

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("lease", "abc", "500ms, 10s, 2m"),
                Arguments.of("lease", "0s", "a positive duration"),
                Arguments.of("lease", "-5s", "500ms, 10s, 2m"),
                Arguments.of("lease", "99999999999999999h", "500ms, 10s, 2m"),
                Arguments.of("heartbeat", "11s", "at most a third of the lease (30s)"),
                Arguments.of("clockSkew", "20s", "at most lease - (1.1 x heartbeat + 2 x the request attempt"
                        + " timeout (lease/6, 500ms to 5s) + the retry backoff cap (lease/10, 100ms to 1s)) = 8s"),
                Arguments.of("startTimeout", "0s", "a positive duration"),
                Arguments.of("capacity", "0", "a whole number >= 1"),
                Arguments.of("capacity", "many", "a whole number >= 1"),
                Arguments.of("billing", "FREE", "PAY_PER_REQUEST or PROVISIONED"),
                Arguments.of("provision", "yes", "true or false"),
                Arguments.of("endpoint", "ftp://example", "an http or https URL"),
                Arguments.of("endpoint", "not a url", "an http or https URL"),
                Arguments.of("table", "ab", "3 to 255 characters"),
                Arguments.of("table", "bad name!", "3 to 255 characters"),
                Arguments.of("region", "EU West 1", "an AWS region name"),
                Arguments.of("owner", "x".repeat(257), "1 to 256 characters"),
                Arguments.of("takeover", "sometimes", "clock or observe"),
                Arguments.of("leese", "30s", "unknown setting 'leese'; accepted: table, region"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSettings")
    void badSettingIsRejectedAtBuildByNameWithItsValueAndWhatIsAcceptedAndStartsNothing(String name, String value,
                                                                                        String accepted) {
        long threadsBefore = dynamoLockThreads();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DynamoDbLockManager.builder()
                .settings(LockSettings.defaults()).set(name, value)
                .build());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        if (!accepted.startsWith("unknown setting")) {
            assertTrue(e.getMessage().contains("'" + value + "'"), "the value as written: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains(accepted), e.getMessage());
        assertTrue(dynamoLockThreads() <= threadsBefore, "a rejected configuration started threads");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "invoice-${arg0}", "$<arg0", "$<>", "$<a..b>", "$<.a>", "$<a.>", "$<1x>", "$<a b>",
            "trailing$"})
    void badKeyTemplateIsRejectedWithItsPositionAndWhatIsAccepted(String template) {
        // The parser that the compile-time processor and the agent share; the runtime takes rendered keys only.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse(template));
        assertTrue(e.getMessage().contains("\"" + template + "\" at position "), e.getMessage());
        assertTrue(e.getMessage().contains(KeyTemplate.ACCEPTED), e.getMessage());
    }

    private static long dynamoLockThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("dynamolock-")).count();
    }
}
