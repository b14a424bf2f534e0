package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.LogCapture;
import io.dynamolock.testing.fault.FaultProxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clock-skew guard against a real server whose clock looks off: the fault proxy rewrites
 * the {@code Date} header of every answer. clockSkew is 200 ms, so nodes are warned about
 * beyond 100 ms and refused beyond 200 ms, but only once that is certain. Kept beside the
 * runtime rather than in {@code faults}: it reads the guard's bounds and verdict through the
 * package's {@code DynamoDbLockManager.clockSkewGuard()}.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerClockOffsetTest {
    private Fixture fixture;
    private FaultProxy proxy;
    private LogCapture log;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
        proxy = fixture.proxy();
        log = fixture.closeLater(new LogCapture());
    }

    @ParameterizedTest(name = "server clock {0} ms ahead")
    @ValueSource(longs = {3000, -3000})
    void acquireIsRefusedOnceTheNodesClockIsCertainlyFurtherThanClockSkewFromTheServers(long serverAheadMs) {
        proxy.serverClockOffset(Duration.ofMillis(serverAheadMs));
        DynamoDbLockManager skewed = fixture.startedVia(proxy.endpoint(), "skewed");

        LockUnavailableException refused = assertThrows(LockUnavailableException.class, () -> skewed.acquireLock("k"));
        assertTrue(refused.getMessage().contains(serverAheadMs > 0 ? "behind DynamoDB's" : "ahead of DynamoDB's"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("dynamolock.clockSkew"), refused.getMessage());
        assertTrue(skewed.heldKeys().isEmpty());
        assertTrue(fixture.started("other").acquireLock("k"), "the lock taken by the refused call was released");

        int requests = proxy.exchanges().size();
        assertThrows(LockUnavailableException.class, () -> skewed.tryAcquire("k2", Duration.ofSeconds(1)));
        assertEquals(requests, proxy.exchanges().size(), "once certain, acquires are refused before any request");
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("new acquires are refused")), log.messages().toString());
    }

    @ParameterizedTest(name = "server clock {0} ms ahead")
    @ValueSource(longs = {0, 90, -90})
    void nodeWithinHalfTheSkewOfTheServerIsNeitherWarnedNorRefusedOverManyAnswers(long serverAheadMs)
            throws Exception {
        proxy.serverClockOffset(Duration.ofMillis(serverAheadMs));
        DynamoDbLockManager node = fixture.startedVia(proxy.endpoint(), "node");
        int cycles = cycleFor(node, Duration.ofMillis(1500));
        long[] bounds = node.clockSkewGuard().offsetBounds();
        System.out.printf("[skew guard] server %+d ms: %d lock cycles, offset bounded to %d..%d ms%n", serverAheadMs,
                cycles, bounds[0], bounds[1]);
        assertTrue(bounds[0] - 20 <= serverAheadMs && serverAheadMs <= bounds[1] + 20,
                "the true offset lies outside " + bounds[0] + ".." + bounds[1]);
        assertEquals(ClockSkewGuard.Verdict.UNKNOWN_OR_FINE, node.clockSkewGuard().verdict());
        assertTrue(log.messages().stream().noneMatch(m -> m.contains("clock")), log.messages().toString());
    }

    @ParameterizedTest(name = "server clock {0} ms ahead")
    @ValueSource(longs = {160, 190})
    void nodeBehindByMoreThanHalfTheSkewButLessThanItIsWarnedAboutAndNeverRefused(long serverAheadMs)
            throws Exception {
        proxy.serverClockOffset(Duration.ofMillis(serverAheadMs));
        DynamoDbLockManager node = fixture.startedVia(proxy.endpoint(), "node");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int cycles = 0;
        while (node.clockSkewGuard().verdict() != ClockSkewGuard.Verdict.WARN && System.nanoTime() - deadline < 0) {
            cycles += cycleFor(node, Duration.ofMillis(100));
        }
        cycles += cycleFor(node, Duration.ofMillis(500)); // and keeps working while warned
        long[] bounds = node.clockSkewGuard().offsetBounds();
        System.out.printf("[skew guard] server %+d ms: %d lock cycles, offset bounded to %d..%d ms%n", serverAheadMs,
                cycles, bounds[0], bounds[1]);
        assertEquals(ClockSkewGuard.Verdict.WARN, node.clockSkewGuard().verdict(), bounds[0] + ".." + bounds[1]);
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("more than half of dynamolock.clockSkew")),
                log.messages().toString());
    }

    @Test
    void nodeTakingOverByObservationIsWarnedAboutAFarOffClockButNotRefused() throws Exception {
        proxy.serverClockOffset(Duration.ofSeconds(3));
        DynamoDbLockManager node = fixture.managerVia(proxy.endpoint(), "observer",
                b -> b.takeover(LockSettings.Takeover.OBSERVE));
        node.start();
        assertTrue(cycleFor(node, Duration.ofMillis(300)) > 0);
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("does not depend on it")), log.messages().toString());
    }

    /** Takes and releases one key for {@code length}; every call must succeed. @return the cycles done */
    private static int cycleFor(DynamoDbLockManager node, Duration length) {
        long end = System.nanoTime() + length.toNanos();
        int cycles = 0;
        while (System.nanoTime() - end < 0) {
            Lock lock = node.tryAcquire("k", Duration.ZERO).orElseThrow(() -> new AssertionError("not acquired"));
            lock.close();
            cycles++;
        }
        return cycles;
    }
}
