package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The manager reads time and starts threads only through the {@link Host} it was built with. */
@ExtendWith(FixtureExtension.class)
class HostTest {

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }


    @Test
    void heldLocksAreTimedOnTheHostsMonotonicClock() {
        SteerableHost host = new SteerableHost();
        DynamoDbLockManager manager = fixture.manager("node-a", b -> b.host(host));
        manager.start();
        Lock lock = manager.acquire("k", Duration.ZERO);
        assertTrue(lock.isHeld());

        host.advanceMonotonic(Fixture.LEASE.toNanos());

        assertFalse(lock.isHeld(), "a lease past on the host's monotonic clock is over");
        LockLostException lost = assertThrows(LockLostException.class, lock::close);
        assertEquals(LockLostException.Reason.EXPIRED, lost.reason());
    }

    @Test
    void expiriesAreWrittenFromTheHostsWallClock() {
        Instant hourAhead = Instant.now().plus(Duration.ofHours(1));
        DynamoDbLockManager manager = fixture.manager("node-a",
                b -> b.host(Host.system(Clock.fixed(hourAhead, ZoneOffset.UTC))).takeover(LockSettings.Takeover.OBSERVE));
        manager.start();
        manager.acquire("k", Duration.ZERO);

        long expires = Long.parseLong(fixture.client.getItem(r -> r.tableName(fixture.table)
                .key(Map.of("id", AttributeValue.fromS("k"))))
                .item().get("expires").n());
        assertEquals(hourAhead.toEpochMilli() + Fixture.LEASE.toMillis(), expires);
    }

    @Test
    void everyThreadTheManagerRunsOnComesFromTheHost() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        SteerableHost host = new SteerableHost();
        DynamoDbLockManager manager = fixture.manager("node-a", b -> b.host(host));
        manager.start();
        Lock lock = manager.acquire("k", Duration.ZERO);
        Thread.sleep(Fixture.HEARTBEAT.multipliedBy(2).toMillis()); // at least one renewal
        assertTrue(lock.isHeld());
        lock.close();

        List<String> escaped = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("dynamolock"))
                .map(Thread::getName).collect(Collectors.toList());
        manager.close();
        assertEquals(List.of(), escaped, "threads the manager made without its host");
        Set<String> names = host.threads().stream().map(Thread::getName).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("host-dynamolock-start", "host-dynamolock-heartbeat", "host-dynamolock-renew")),
                "made through the host: " + names);
    }
}
