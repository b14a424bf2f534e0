package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.HistoryReports;
import io.dynamolock.runtime.support.TableItems.StoredLock;
import io.dynamolock.testing.fault.Fault;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.FaultRule;
import io.dynamolock.testing.fault.History;
import io.dynamolock.testing.fault.HistoryChecker;
import io.dynamolock.testing.fault.Section;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writes that the server applied but whose answers never reached the holder: the renewal, the
 * acquire and the release each have to come out right without knowing.
 *
 * <p>A fault suite, but kept beside the runtime rather than in {@code faults}: one scenario reads
 * the holder's own deadline ({@link HeldLock#nanosLeft()}), which only this package can.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LostResponseTest {
    private static final String RENEWAL = "ADD #beat";
    private static final String RELEASE = "REMOVE #owner";

    private Fixture fixture;
    private FaultProxy proxy;
    private DynamoDbLockManager holder;
    private DynamoDbLockManager other;
    private final History history = new History();

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
        proxy = fixture.proxy();
        holder = fixture.startedVia(proxy.endpoint(), "holder");
        other = fixture.started("other");
    }

    @Test
    void renewalAppliedWithItsAnswerLostKeepsTheLockAndNoSecondOwnerAppears() throws Exception {
        Lock lock = holder.tryAcquire("k", Duration.ZERO).orElseThrow();
        History.Open section = history.begin("k", "holder", lock.fence());
        FaultProxy.Injection dropped = proxy.inject(FaultRule.on("UpdateItem").whenBodyContains(RENEWAL).times(4)
                .then(Fault.dropResponse()));

        long until = System.nanoTime() + Fixture.LEASE.multipliedBy(2).toNanos();
        while (System.nanoTime() - until < 0) {
            assertTrue(lock.isHeld(), "a renewal whose answer was lost cost the lock");
            assertFalse(other.acquireLock("k"), "a second owner got the key");
            Thread.sleep(100);
        }
        assertEquals(4, dropped.hits(), "every dropped answer was of an applied renewal");
        long appliedRenewals = proxy.forwarded("UpdateItem") - 1;
        StoredLock item = fixture.items.read("k");
        assertEquals("holder", item.owner());
        assertEquals(appliedRenewals, item.beat(), "every renewal that reached the server counted");
        assertDoesNotThrow(lock::close);
        section.end(Section.Outcome.RELEASED);
        HistoryReports.print("renewal answers lost", HistoryChecker.check(history.sections()));
    }

    @Test
    void acquireAppliedWithItsAnswerLostIsAdoptedNotWaitedOut() throws Exception {
        proxy.inject(FaultRule.on("UpdateItem").times(1).then(Fault.dropResponse()));
        long start = System.nanoTime();
        Lock lock = holder.tryAcquire("k", Duration.ofSeconds(10)).orElseThrow();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(tookMs < Fixture.LEASE.toMillis() / 2, "took " + tookMs + " ms: its own write was waited out");
        StoredLock item = fixture.items.read("k");
        assertEquals("holder", item.owner());
        assertEquals(item.fence(), lock.fence(), "the adopted lock carries the fence its lost write made");
        assertEquals(2, proxy.forwarded("UpdateItem"), "the applied acquire and the SDK's retry, nothing more");
        assertHeldForALeaseAndAHalf(lock);
        assertDoesNotThrow(lock::close);
        assertTrue(other.acquireLock("k"), "released for the next owner");
    }

    @Test
    void acquireWhoseFirstTryWasAppliedAndEveryRetryFailedIsAdoptedWithTheFirstTrysDeadline() throws Exception {
        // First try applied with its answer lost, then two tries into a black hole: the whole call fails after
        // about a second, far longer than clockSkew, and the wait loop's next try finds the key already its own.
        proxy.inject(FaultRule.on("UpdateItem").times(3).then(Fault.dropResponse(), Fault.hang(), Fault.hang()));
        long start = System.nanoTime();
        Lock lock = holder.tryAcquire("k", Duration.ofSeconds(10)).orElseThrow();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        proxy.heal();

        assertTrue(tookMs < Fixture.LEASE.toMillis(), "took " + tookMs + " ms: its own write was waited out");
        // The lock's own deadline must not be later than the one the table implies (its expiry less the skew).
        // The deadline is taken first: the adopted lock is due for renewal at once (its first try was sent over a
        // second ago), and a renewal only ever moves the table's expiry before it moves the holder's deadline.
        long deadlineWallMs = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(((HeldLock) lock).nanosLeft());
        StoredLock item = fixture.items.read("k");
        assertEquals(item.fence(), lock.fence());
        assertTrue(deadlineWallMs <= item.expiresMs() - Fixture.SKEW.toMillis() + 5, "the holder's deadline is "
                + (deadlineWallMs - item.expiresMs() + Fixture.SKEW.toMillis()) + " ms later than the table's");
        assertHeldForALeaseAndAHalf(lock);
        assertDoesNotThrow(lock::close);
    }

    @Test
    void releaseAppliedWithItsAnswerLostIsNotReportedLost() {
        Lock lock = holder.tryAcquire("k", Duration.ZERO).orElseThrow();
        History.Open section = history.begin("k", "holder", lock.fence());
        proxy.inject(FaultRule.on("UpdateItem").whenBodyContains(RELEASE).times(1).then(Fault.dropResponse()));
        section.end(Section.Outcome.RELEASED);
        assertDoesNotThrow(lock::close);

        Lock next = other.tryAcquire("k", Duration.ZERO).orElseThrow(() -> new AssertionError("not released"));
        History.Open after = history.begin("k", "other", next.fence());
        next.close();
        after.end(Section.Outcome.RELEASED);
        HistoryReports.print("release answer lost", HistoryChecker.check(history.sections()));
    }

    @Test
    void releaseWhoseAnswerWasLostAndWhoseKeyWasRetakenBeforeItsRetryIsReportedLostBecauseThatLooksLikeALoss()
            throws Exception {
        Lock lock = holder.tryAcquire("k", Duration.ZERO).orElseThrow();
        // The SDK's retry of the release reaches the server 400 ms late, after the next owner took the key.
        proxy.inject(FaultRule.on("UpdateItem").whenBodyContains(RELEASE).times(2)
                .then(Fault.dropResponse(), Fault.delay(Duration.ofMillis(400))));
        CompletableFuture<Optional<Lock>> next = CompletableFuture.supplyAsync(
                () -> other.tryAcquire("k", Duration.ofSeconds(5)));
        Thread.sleep(100);
        LockLostException lost = assertThrows(LockLostException.class, lock::close);
        assertEquals(LockLostException.Reason.STOLEN, lost.reason());
        Lock taken = next.get(10, TimeUnit.SECONDS).orElseThrow();
        assertNotNull(taken);
        taken.close();
    }

    private static void assertHeldForALeaseAndAHalf(Lock lock) throws InterruptedException {
        long until = System.nanoTime() + Fixture.LEASE.multipliedBy(3).dividedBy(2).toNanos();
        while (System.nanoTime() - until < 0) {
            assertTrue(lock.isHeld(), "the adopted lock was not kept by its renewals");
            Thread.sleep(50);
        }
    }
}
