package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.LogCapture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steps of the wall clock against the monotonic one. A suspended machine (EC2 hibernate, a laptop
 * lid) resumes with its monotonic clock stopped for the whole suspend: time went on for every other
 * node, so its leases are that much shorter.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClockStepTest {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    private DynamoDbLockManager startedOn(SteerableHost host) {
        DynamoDbLockManager manager = fixture.manager("node-a", b -> b.host(host));
        manager.start();
        return manager;
    }

    @Test
    void aSuspendLongerThanTheLeaseEndsTheHeldLocksOnResume() {
        SteerableHost host = new SteerableHost();
        Lock lock = startedOn(host).acquire("k", Duration.ZERO);

        host.advanceWall(Fixture.LEASE.toMillis()); // resumed: the wall clock moved on, the monotonic one did not

        assertFalse(lock.isHeld(), "still believed held after a suspend longer than its lease");
        assertEquals(LockLostException.Reason.EXPIRED, assertThrows(LockLostException.class, lock::close).reason());
    }

    @Test
    void aSuspendIsNoticedByTheWatchdogWithoutAnyCall() throws Exception {
        SteerableHost host = new SteerableHost();
        try (LogCapture log = new LogCapture()) {
            Lock lock = startedOn(host).acquire("k", Duration.ZERO);

            host.advanceWall(Fixture.LEASE.toMillis());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (log.messages().stream().noneMatch(m -> m.contains("'k'") && m.contains("lost: EXPIRED"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertTrue(log.messages().stream().anyMatch(m -> m.contains("lost: EXPIRED")), "" + log.messages());
            assertFalse(lock.isHeld());
        }
    }

    @Test
    void aSlewOfMillisecondsEndsNoLock() throws Exception {
        SteerableHost host = new SteerableHost();
        Lock lock = startedOn(host).acquire("k", Duration.ZERO);

        host.advanceWall(10);
        Thread.sleep(Fixture.HEARTBEAT.multipliedBy(3).toMillis()); // renewed meanwhile

        assertTrue(lock.isHeld());
        lock.close();
    }

    @Test
    void aHolderWhoseClockStepsBackBeyondTheSkewGivesUpItsLocks() {
        SteerableHost host = new SteerableHost();
        Lock lock = startedOn(host).acquire("k", Duration.ZERO);

        host.advanceWall(-Duration.ofHours(1).toMillis()); // its renewals would write expiries an hour early

        assertFalse(lock.isHeld());
    }
}
