package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.syntax.KeyTemplate;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keys that are wrong: each gets an error that says what is wrong and what is accepted, before
 * any request, and leaves nothing locked. Keys that are odd but valid (the longest, non-BMP
 * characters, control characters) are stored exactly. Settings and templates: see
 * {@link BadSettingsAndTemplatesTest}.
 */
@ExtendWith(DynamoDbServerExtension.class)
class BadInputTest {
    private static final String LOCK = "\uD83D\uDD12"; // U+1F512, four UTF-8 bytes, a surrogate pair in Java

    private Fixture fixture;
    private DynamoDbLockManager manager;

    @BeforeEach
    void setUp(DynamoDbServer server) {
        fixture = new Fixture(server);
        manager = fixture.started("node");
        fixture.requests.reset();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    static Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of("empty", "", "lock key is empty"),
                Arguments.of("null", null, "lock key is null"),
                Arguments.of("2049 bytes", "x".repeat(2049), "is 2049 UTF-8 bytes"),
                Arguments.of("513 non-BMP characters", LOCK.repeat(513), "is 2052 UTF-8 bytes"),
                Arguments.of("unpaired high surrogate", "order-\uD83D", "unpaired surrogate (\\ud83d) at index 6"),
                Arguments.of("unpaired low surrogate", "\uDD12-order", "unpaired surrogate (\\udd12) at index 0"),
                Arguments.of("control characters, too long", "a\nb\u0000" + "x".repeat(2046), "a\\u000ab\\u0000x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void badKeyIsRejectedBeforeAnyRequestWithWhatIsAcceptedAndLocksNothing(String what, String key, String says) {
        for (var call : List.<java.util.function.Function<String, Object>>of(
                manager::acquireLock, k -> manager.tryAcquire(k, Duration.ofSeconds(1)),
                k -> manager.acquire(k, Duration.ZERO))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.apply(key));
            assertTrue(e.getMessage().contains(says), e.getMessage());
            assertTrue(e.getMessage().contains("1 to 2048 UTF-8 bytes of well-formed Unicode"), e.getMessage());
            assertFalse(e.getMessage().chars().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c)
                            && !e.getMessage().contains(LOCK)),
                    "the message carries raw control characters or broken surrogates: " + e.getMessage());
        }
        assertEquals(List.of(), fixture.requests.operations(), "a request went out for a bad key");
        assertTrue(manager.heldKeys().isEmpty());
        Lock fine = manager.tryAcquire("fine", Duration.ZERO).orElseThrow();
        fine.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2048 bytes", "512 non-BMP characters", "control characters", "line separator"})
    void oddButValidKeyIsStoredExactlyAndWorksLikeAnyOther(String what) {
        String key = switch (what) {
            case "2048 bytes" -> "k".repeat(2048);
            case "512 non-BMP characters" -> LOCK.repeat(512);
            case "control characters" -> "tab\there\nnul\u0000del\u007f";
            default -> "para\u2028graph";
        };
        Lock lock = manager.tryAcquire(key, Duration.ZERO).orElseThrow();
        Map<String, AttributeValue> item = fixture.client.getItem(g -> g.tableName(fixture.table)
                .key(Map.of("id", AttributeValue.fromS(key))).consistentRead(true)).item();
        assertEquals(key, item.get("id").s(), "the key reached the table changed");
        assertEquals(lock.fence(), Long.parseLong(item.get("fence").n()));
        assertFalse(fixture.started("other").acquireLock(key));
        lock.close();
        assertFalse(item.isEmpty());
        assertFalse(lock.toString().contains("\n"), lock.toString());
    }

    @Test
    void badWaitIsRejectedBeforeAnyRequest() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> manager.tryAcquire("k", Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        assertThrows(NullPointerException.class, () -> manager.tryAcquire("k", null));
        assertEquals(List.of(), fixture.requests.operations());
        assertTrue(manager.acquireLock("k"), "nothing was left locked");
    }

    @Test
    void anUnpairedSurrogateIsRefusedInTheTemplateAndInARenderedKey() {
        IllegalArgumentException template = assertThrows(IllegalArgumentException.class,
                () -> KeyTemplate.parse("order-\uD83D-$<arg0>"));
        assertTrue(template.getMessage().contains("unpaired surrogate"), template.getMessage());

        String rendered = "order-" + "\uD83D"; // what a woven method would render for arg0 = "\uD83D"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> manager.acquireLock(rendered));
        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        assertEquals(List.of(), fixture.requests.operations());
    }

}
