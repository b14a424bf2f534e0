package io.dynamolock.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.HistoryReports;
import io.dynamolock.testing.fault.Exchange;
import io.dynamolock.testing.fault.Fault;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.FaultRule;
import io.dynamolock.testing.fault.History;
import io.dynamolock.testing.fault.HistoryChecker;
import io.dynamolock.testing.fault.Section;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DynamoDB unreachable for longer than the lease: for one holder (a partition) or for everyone.
 * The managers build their own clients, as in production, so their timeouts and retries are
 * the ones under test.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutageTest {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    @ParameterizedTest(name = "DynamoDB unreachable by {0}")
    @ValueSource(strings = {"connection reset", "black hole"})
    void partitionedHolderCountsItsLockExpiredOnItsOwnClockBeforeAnyoneCanTakeItOver(String how) throws Exception {
        FaultProxy proxy = fixture.proxy();
        DynamoDbLockManager partitioned = fixture.startedVia(proxy.endpoint(), "partitioned");
        DynamoDbLockManager taker = fixture.startedVia(fixture.server.endpoint(), "taker");
        History history = new History();
        Lock lock = partitioned.tryAcquire("k", Duration.ZERO).orElseThrow();
        History.Open section = history.begin("k", "partitioned", lock.fence());
        var lostAt = fixture.lossOf(lock);
        Thread.sleep(300);

        proxy.inject(FaultRule.onAny().then(how.equals("black hole") ? Fault.hang() : Fault.reset()));
        Lock taken = taker.tryAcquire("k", Duration.ofSeconds(10)).orElseThrow();
        long takenAt = System.nanoTime();
        History.Open takerSection = history.begin("k", "taker", taken.fence());
        long lost = lostAt.get(10, TimeUnit.SECONDS);
        section.endAt(lost, Section.Outcome.LOST);
        long lastWrite = proxy.exchanges().stream()
                .filter(e -> e.operation().equals("UpdateItem") && e.status() == 200)
                .mapToLong(Exchange::startNanos).max().orElseThrow();
        proxy.heal();

        long lostAfterMs = TimeUnit.NANOSECONDS.toMillis(lost - lastWrite);
        long marginMs = TimeUnit.NANOSECONDS.toMillis(takenAt - lost);
        System.out.printf("[partition] %s: the holder counted its lock lost %d ms after its last write, %d ms"
                + " before the take-over%n", how, lostAfterMs, marginMs);
        assertTrue(lost < takenAt, "taken over " + -marginMs + " ms before the holder knew its lock was gone");
        long safeLeaseMs = Fixture.LEASE.minus(Fixture.SKEW).toMillis();
        assertTrue(lostAfterMs >= safeLeaseMs - 100 && lostAfterMs <= safeLeaseMs + 100,
                "counted lost " + lostAfterMs + " ms after its last write; expected lease - skew = " + safeLeaseMs);
        LockLostException e = assertThrows(LockLostException.class, lock::close);
        assertEquals(LockLostException.Reason.EXPIRED, e.reason());
        taken.close();
        takerSection.end(Section.Outcome.RELEASED);
        HistoryReports.print("partition by " + how, HistoryChecker.checkStrict(history.sections()));
    }

    @Test
    void whileDynamoDbIsUnreachableNewCallsFailAndEverythingRecoversWhenItReturns() throws Exception {
        FaultProxy proxy = fixture.proxy();
        DynamoDbLockManager a = fixture.startedVia(proxy.endpoint(), "a");
        DynamoDbLockManager b = fixture.startedVia(proxy.endpoint(), "b");
        History history = new History();
        Lock held = a.tryAcquire("k1", Duration.ZERO).orElseThrow();
        History.Open section = history.begin("k1", "a", held.fence());
        var lostAt = fixture.lossOf(held);

        proxy.inject(FaultRule.onAny().then(Fault.reset()));
        long outage = System.nanoTime();
        long start = System.nanoTime();
        LockUnavailableException waited = assertThrows(LockUnavailableException.class,
                () -> b.tryAcquire("k2", Duration.ofMillis(500)));
        assertTrue(waited.getMessage().contains("did not answer"), waited.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "a 500 ms wait took too long to fail");
        assertThrows(LockUnavailableException.class, () -> a.acquireLock("k3"));
        assertThrows(LockUnavailableException.class, () -> b.acquire("k1", Duration.ZERO));

        long lost = lostAt.get(10, TimeUnit.SECONDS);
        section.endAt(lost, Section.Outcome.LOST);
        long lostAfterMs = TimeUnit.NANOSECONDS.toMillis(lost - outage);
        assertTrue(lostAfterMs <= Fixture.LEASE.minus(Fixture.SKEW).toMillis(), "lost only " + lostAfterMs
                + " ms into the outage");
        Thread.sleep(Math.max(0, Fixture.LEASE.plus(Fixture.SKEW).toMillis() - lostAfterMs));
        proxy.heal();

        Lock k1 = b.tryAcquire("k1", Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("k1 not retaken"));
        History.Open after = history.begin("k1", "b", k1.fence());
        assertTrue(k1.fence() > held.fence());
        assertTrue(a.acquireLock("k2"), "k2 free after the outage");
        assertTrue(b.acquireLock("k3"), "k3 free after the outage");
        assertEquals(LockLostException.Reason.EXPIRED, assertThrows(LockLostException.class, held::close).reason());
        k1.close();
        after.end(Section.Outcome.RELEASED);
        a.releaseLock("k2");
        b.releaseLock("k3");
        HistoryReports.print("outage", HistoryChecker.checkStrict(history.sections()));
    }
}
