package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * TTL (on {@code purge_at}) must never be able to delete an item whose holder still holds it,
 * whatever the holder's clock says: a held item carries no {@code purge_at} at all.
 */
@ExtendWith(FixtureExtension.class)
class PurgeTest {
    private static final Duration TWO_DAYS = Duration.ofDays(2);

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }


    private Map<String, AttributeValue> item(String key) {
        return fixture.client.getItem(r -> r.tableName(fixture.table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(key)))).item();
    }

    @Test
    void aHeldItemCarriesNoPurgeTimeEvenFromAHolderDaysBehindAndARenewalKeepsItSo() throws Exception {
        // Observe mode needs no clock agreement, so such a holder is admitted; its purge_at would lie
        // in the past, and TTL would delete the item under it.
        Clock daysBehind = Clock.offset(Clock.systemUTC(), TWO_DAYS.negated());
        DynamoDbLockManager holder = fixture.manager("behind",
                b -> b.clock(daysBehind).takeover(LockSettings.Takeover.OBSERVE));
        holder.start();
        Lock lock = holder.acquire("k", Duration.ZERO);

        assertFalse(item("k").containsKey("purge_at"), "held, with a purge time: " + item("k"));
        Thread.sleep(Fixture.HEARTBEAT.multipliedBy(2).toMillis()); // renewed at least once
        assertTrue(lock.isHeld());
        assertFalse(item("k").containsKey("purge_at"), "renewed, with a purge time: " + item("k"));

        lock.close();
        long purgeAt = Long.parseLong(item("k").get("purge_at").n());
        long releasedAtSeconds = Instant.now(daysBehind).getEpochSecond();
        assertTrue(purgeAt >= releasedAtSeconds + Duration.ofDays(1).toSeconds() - 5,
                "released items are purged a day after the release: " + purgeAt);
    }
}
