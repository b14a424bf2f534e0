package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.runtime.LockSettings.Takeover;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The conditional writes of {@link LockProtocol} against a real server, spoken by bare protocols
 * as other nodes would: no heartbeat, no wait loop, no guard.
 */
@ExtendWith(FixtureExtension.class)
class LockProtocolTest {

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    /** The protocol as the node {@code owner} speaks it on the fixture's table. */
    private LockProtocol protocolOf(String owner, Takeover takeover) {
        LockSettings settings = LockSettings.defaults().change().table(fixture.table).owner(owner)
                .lease(Fixture.LEASE).heartbeat(Fixture.HEARTBEAT).clockSkew(Fixture.SKEW).takeover(takeover).done();
        return new LockProtocol(fixture.client, settings, Clock.systemUTC());
    }

    @Test
    void releaseOrRenewByANonOwnerOrWithAStaleFenceChangesNothing() {
        DynamoDbLockManager a = fixture.started("node-a");
        Lock lock = a.tryAcquire("guarded", Duration.ZERO).orElseThrow();
        Map<String, AttributeValue> before = fixture.items.item("guarded");

        LockProtocol stranger = protocolOf("node-b", Takeover.CLOCK);
        assertFalse(stranger.release("guarded", lock.fence()));
        assertFalse(stranger.renew("guarded", lock.fence()));
        LockProtocol sameOwnerStaleFence = protocolOf("node-a", Takeover.CLOCK);
        assertFalse(sameOwnerStaleFence.release("guarded", lock.fence() - 1));
        assertFalse(sameOwnerStaleFence.renew("guarded", lock.fence() - 1));

        Map<String, AttributeValue> after = fixture.items.item("guarded");
        assertEquals(before.get("owner"), after.get("owner"));
        assertEquals(before.get("fence"), after.get("fence"));
        assertEquals(before.get("expires"), after.get("expires"));
        assertTrue(lock.isHeld());
        lock.close();
    }

    @Test
    void racingAcquiresOfOneKeyNeverBothWin() throws Exception {
        fixture.started("starter");
        LockProtocol a = protocolOf("racer-a", Takeover.CLOCK);
        LockProtocol b = protocolOf("racer-b", Takeover.CLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int bothWon = 0;
            for (int round = 0; round < 60; round++) {
                String key = "race-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                Future<LockProtocol.Acquire> first = pool.submit(() -> { start.await(); return a.acquire(key); });
                Future<LockProtocol.Acquire> second = pool.submit(() -> { start.await(); return b.acquire(key); });
                if (first.get() instanceof LockProtocol.Acquired && second.get() instanceof LockProtocol.Acquired) {
                    bothWon++;
                }
            }
            assertEquals(0, bothWon, "rounds in which both racers got the key");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void takeOverByObservationIsConditionalOnBothTheFenceAndTheBeatThatWereSeen() {
        fixture.started("provisioner");
        LockProtocol holder = protocolOf("holder", Takeover.CLOCK);
        LockProtocol observer = protocolOf("observer", Takeover.OBSERVE);
        long fence = ((LockProtocol.Acquired) holder.acquire("k")).fence();

        LockItem seen = ((LockProtocol.Busy) observer.acquire("k")).holder();
        assertEquals(fence, seen.fence());
        assertTrue(holder.renew("k", fence), "the holder renews after the observer looked");
        Observations.Seen stale = new Observations.Seen(seen.fence(), seen.beat(), 0, 0);
        LockProtocol.Acquire refused = observer.acquire("k", stale);
        assertInstanceOf(LockProtocol.Busy.class, refused, "took over a version that had moved on");
        assertEquals(seen.beat() + 1, ((LockProtocol.Busy) refused).holder().beat());

        Observations.Seen otherFence = new Observations.Seen(fence - 1, seen.beat() + 1, 0, 0);
        assertInstanceOf(LockProtocol.Busy.class, observer.acquire("k", otherFence), "the fence is part of it");
        Observations.Seen current = new Observations.Seen(fence, seen.beat() + 1, 0, 0);
        LockProtocol.Acquire taken = observer.acquire("k", current);
        assertInstanceOf(LockProtocol.Acquired.class, taken);
        assertTrue(((LockProtocol.Acquired) taken).fence() > fence);
    }
}
