package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.syntax.KeyTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keys that are odd but valid (the longest, non-BMP characters, control characters) are stored
 * exactly. Keys and waits that are wrong, refused before any request by every manager: see
 * {@link LockManagerContract}. Settings and templates: see {@link BadSettingsAndTemplatesTest}.
 */
@ExtendWith(FixtureExtension.class)
class BadInputTest {
    private static final String LOCK = "\uD83D\uDD12"; // U+1F512, four UTF-8 bytes, a surrogate pair in Java

    private Fixture fixture;
    private DynamoDbLockManager manager;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
        manager = fixture.started("node");
        fixture.requests.reset();
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
        Map<String, AttributeValue> item = fixture.items.item(key);
        assertEquals(key, item.get("id").s(), "the key reached the table changed");
        assertEquals(lock.fence(), Long.parseLong(item.get("fence").n()));
        assertFalse(fixture.started("other").acquireLock(key));
        lock.close();
        assertFalse(item.isEmpty());
        assertFalse(lock.toString().contains("\n"), lock.toString());
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
