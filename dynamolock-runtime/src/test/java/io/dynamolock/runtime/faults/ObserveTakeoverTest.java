package io.dynamolock.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.LockSettings.Takeover;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Take-over by observation ({@code dynamolock.takeover=observe}): a waiter takes a key only after
 * seeing the same record version (fence, beat) unchanged for the lease on its own monotonic
 * clock, and only on the condition that the version is still that one (that condition on its
 * own: {@code LockProtocolTest}). Wall clocks do not matter: these observers' clocks are an hour off.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ObserveTakeoverTest {
    private static final long RETRY_INTERVAL_MS = Fixture.LEASE.toMillis() / 4;
    private static final long SLACK_MS = 1000;

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    private DynamoDbLockManager observer(String owner, Duration clockOffset) {
        DynamoDbLockManager m = fixture.manager(owner, b -> b.takeover(Takeover.OBSERVE)
                .clock(Clock.offset(Clock.systemUTC(), clockOffset)));
        m.start();
        return m;
    }

    /** The item of a node that took {@code key} just now and then stopped renewing it. */
    private void stoppedHolder(String key) {
        long now = System.currentTimeMillis();
        fixture.items.put(key, "stopped-node", now, now + Fixture.LEASE.toMillis());
    }

    @Test
    void stoppedHoldersKeyIsTakenOnlyAfterItsVersionWasSeenUnchangedForTheLease() {
        DynamoDbLockManager observer = observer("observer", Duration.ofHours(1));
        stoppedHolder("k");
        fixture.requests.reset();

        long start = System.nanoTime();
        Lock lock = observer.tryAcquire("k", Duration.ofSeconds(10)).orElseThrow();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<String> requests = fixture.requests.operations();
        long updates = requests.stream().filter("UpdateItem"::equals).count();
        long reads = requests.stream().filter("GetItem"::equals).count();
        System.out.printf("[observe] took over after %d ms (lease %d ms): %d UpdateItem and %d GetItem on %s%n",
                tookMs, Fixture.LEASE.toMillis(), updates, reads, fixture.server.backend());

        assertTrue(tookMs >= Fixture.LEASE.toMillis(), "taken after " + tookMs + " ms, before a whole lease of watching");
        assertTrue(tookMs <= Fixture.LEASE.toMillis() + RETRY_INTERVAL_MS + SLACK_MS, "taken only after " + tookMs + " ms");
        assertEquals(requests.size(), updates + reads, requests.toString());
        // One failed conditional write per try while waiting, plus a read each only where the server does not
        // return the old item with the failure (dynalite).
        assertTrue(reads <= updates - 1, requests.toString());
        if (!fixture.server.backend().equals("dynalite")) {
            assertEquals(0, reads, "the failed condition's old item is enough: " + requests);
        }
        assertTrue(updates <= 2 + Fixture.LEASE.toMillis() / 50, "polled too often: " + requests);
        lock.close();
    }

    @Test
    void oneShotTriesAlsoGetThereOnceTheVersionHasBeenSeenForTheLease() throws Exception {
        DynamoDbLockManager observer = observer("observer", Duration.ofHours(-1));
        stoppedHolder("k");
        long start = System.nanoTime();
        long deadline = start + Fixture.LEASE.multipliedBy(3).toNanos();
        boolean got = false;
        while (!got && System.nanoTime() - deadline < 0) {
            got = observer.acquireLock("k");
            if (!got) {
                Thread.sleep(200);
            }
        }
        assertTrue(got, "repeated one-shot tries never took the key over");
        assertTrue(System.nanoTime() - start >= Fixture.LEASE.toNanos(), "taken before a whole lease of watching");
        observer.releaseLock("k");
    }

    @Test
    void renewingHolderIsNeverTakenOverWhateverTheObserversClockSays() throws Exception {
        DynamoDbLockManager holder = fixture.started("holder");
        Lock lock = holder.tryAcquire("k", Duration.ZERO).orElseThrow();
        DynamoDbLockManager ahead = observer("ahead", Duration.ofHours(1));
        DynamoDbLockManager behind = observer("behind", Duration.ofHours(-1));
        assertEquals(Optional.empty(), ahead.tryAcquire("k", Fixture.LEASE.multipliedBy(2)));
        assertFalse(behind.acquireLock("k"));
        assertTrue(lock.isHeld());
        lock.close();
        assertTrue(behind.acquireLock("k"), "a released key is free at once, no watching needed");
    }
}
