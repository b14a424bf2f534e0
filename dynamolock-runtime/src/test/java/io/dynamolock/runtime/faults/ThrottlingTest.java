package io.dynamolock.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.HistoryReports;
import io.dynamolock.testing.fault.Fault;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.FaultRule;
import io.dynamolock.testing.fault.History;
import io.dynamolock.testing.fault.HistoryChecker;
import io.dynamolock.testing.fault.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Throttling (ProvisionedThroughputExceededException, ThrottlingException) and 5xx answers,
 * in bursts: the runtime's own client retries them with backoff, and the heartbeat retries
 * beyond that until the lock's deadline.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThrottlingTest {
    private static final List<String> KEYS = List.of("t0", "t1", "t2");

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    /** Half of all writes fail, in every kind, for two leases. */
    private static FaultRule burst(Duration length) {
        return FaultRule.on("UpdateItem").during(length).then(
                Fault.provisionedThroughputExceeded(), Fault.pass(), Fault.throttling(), Fault.pass(),
                Fault.serviceUnavailable(), Fault.pass(), Fault.internalServerError(), Fault.pass());
    }

    @Test
    void throttlingAndServerErrorBurstsAreRetriedWithBackoffAndNoLockIsLostWhileRenewalsStillSucceed()
            throws Exception {
        FaultProxy holderProxy = fixture.proxy();
        FaultProxy contenderProxy = fixture.proxy();
        DynamoDbLockManager holder = fixture.startedVia(holderProxy.endpoint(), "holder");
        DynamoDbLockManager contender = fixture.startedVia(contenderProxy.endpoint(), "contender");
        History history = new History();
        List<Lock> locks = new ArrayList<>();
        List<History.Open> sections = new ArrayList<>();
        for (String key : KEYS) {
            Lock lock = holder.tryAcquire(key, Duration.ZERO).orElseThrow();
            locks.add(lock);
            sections.add(history.begin(key, "holder", lock.fence()));
        }
        holderProxy.clearLog();

        Duration length = Fixture.LEASE.multipliedBy(2);
        FaultProxy.Injection holderBurst = holderProxy.inject(burst(length));
        FaultProxy.Injection contenderBurst = contenderProxy.inject(burst(length));
        long end = System.nanoTime() + length.plusMillis(300).toNanos();
        int contenderTries = 0;
        int contenderThrottled = 0;
        while (System.nanoTime() - end < 0) {
            for (Lock lock : locks) {
                assertTrue(lock.isHeld(), "lost " + lock.key() + " while its renewals could still succeed");
                try {
                    assertFalse(contender.acquireLock(lock.key()), "a second owner got " + lock.key());
                } catch (LockUnavailableException e) {
                    contenderThrottled++;
                }
                contenderTries++;
            }
            Thread.sleep(50);
        }

        long faults = holderProxy.exchanges().stream().filter(e -> !e.forwarded()).count();
        long attempts = holderProxy.exchanges().stream().filter(e -> e.operation().equals("UpdateItem")).count();
        System.out.printf("[throttling] holder: %d renewal attempts in %d ms, %d of them faulted; contender: %d tries,"
                + " %d failed past retries%n", attempts, length.toMillis(), faults, contenderTries, contenderThrottled);
        assertTrue(holderBurst.hits() >= 10 && contenderBurst.hits() >= 10, "the bursts hardly hit anything");
        assertTrue(faults >= 5, "the holder's renewals met only " + faults + " faults");
        // Three locks renewed every 500 ms for 4 s is about 24 renewals; retries with backoff at most triple that.
        assertTrue(attempts <= 100, attempts + " attempts in the burst: retried without backoff");
        for (int i = 0; i < locks.size(); i++) {
            Lock lock = locks.get(i);
            assertTrue(fixture.items.read(lock.key()).beat() >= 6, "renewals did not get through");
            sections.get(i).end(Section.Outcome.RELEASED);
            assertDoesNotThrow(lock::close);
        }
        HistoryReports.print("throttling bursts", HistoryChecker.check(history.sections()));
    }

    @Test
    void runsOfThreeThrottledTriesAreRiddenByTheRuntimesClientButCostTheLockWithTheSdksDefaultRetries()
            throws Exception {
        // Every renewal's first three tries are throttled. The runtime's own client gives up on a call within
        // about 0.2 s and the heartbeat tries again; the SDK's default for DynamoDB backs off throttling from
        // 0.5 s upwards inside one call, past the lock's deadline. This is why the runtime sets its own.
        FaultProxy ownProxy = fixture.proxy();
        FaultProxy defaultProxy = fixture.proxy();
        DynamoDbLockManager own = fixture.startedVia(ownProxy.endpoint(), "own-client");
        var defaultClient = fixture.closeLater(fixture.server.clientBuilder().endpointOverride(defaultProxy.endpoint())
                .build());
        DynamoDbLockManager withDefaults = fixture.manager("default-client", b -> b.dynamoDbClient(defaultClient));
        withDefaults.start();
        Lock ownLock = own.tryAcquire("own", Duration.ZERO).orElseThrow();
        Lock defaultLock = withDefaults.tryAcquire("default", Duration.ZERO).orElseThrow();
        Duration length = Fixture.LEASE.multipliedBy(2);
        for (FaultProxy proxy : List.of(ownProxy, defaultProxy)) {
            proxy.inject(FaultRule.on("UpdateItem").during(length).then(Fault.throttling(), Fault.throttling(),
                    Fault.provisionedThroughputExceeded(), Fault.pass()));
        }
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() - end < 0) {
            assertTrue(ownLock.isHeld(), "the runtime's client lost its lock in runs of three throttled tries");
            Thread.sleep(50);
        }
        assertFalse(defaultLock.isHeld(), "the SDK's default retries kept the lock: its defaults changed, see"
                + " DynamoDbLockManager.newClient and docs/RELIABILITY.md");
        assertDoesNotThrow(ownLock::close);
        assertThrows(io.dynamolock.LockLostException.class, defaultLock::close);
    }

    @Test
    void acquireThrottledPastItsRetriesFailsWithLockUnavailableAndTakesNothing() {
        FaultProxy proxy = fixture.proxy();
        DynamoDbLockManager throttled = fixture.startedVia(proxy.endpoint(), "throttled");
        proxy.clearLog();
        proxy.inject(FaultRule.on("UpdateItem").then(Fault.throttling()));
        long start = System.nanoTime();
        LockUnavailableException e = assertThrows(LockUnavailableException.class, () -> throttled.acquireLock("t"));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("throttled"), e.getMessage());
        assertEquals(3, proxy.exchanges().size(), "the runtime's client tries 3 times: " + proxy.exchanges());
        assertTrue(tookMs < 2000, "a throttled one-shot acquire took " + tookMs + " ms");
        assertTrue(throttled.heldKeys().isEmpty());
        assertTrue(fixture.started("other").acquireLock("t"), "nothing was locked by the throttled calls");
    }
}
