package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.LogCapture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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

    @Test
    void aSuspendWhileTheAcquireIsOutEndsTheLockItTookToo() {
        SteerableHost host = new SteerableHost();
        ExecutionInterceptor suspendAfterSending = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest u && u.updateExpression().startsWith("SET #owner")) {
                    host.advanceWall(Fixture.LEASE.toMillis()); // the answer waits in the socket through a suspend
                }
            }
        };
        DynamoDbClient client = fixture.closeLater(fixture.server.newClient(suspendAfterSending));
        DynamoDbLockManager manager = fixture.manager("node-a", b -> b.host(host).dynamoDbClient(client));
        manager.start();

        // Taken before the suspend, its lease is over by the time the answer is read: never handed out.
        // (The next try finds the guard without evidence, asks, and refuses the clock now two seconds ahead.)
        assertThrows(LockUnavailableException.class, () -> manager.acquire("k", Duration.ZERO));
        assertTrue(manager.heldKeys().isEmpty());
    }

    @Test
    void aClockSetAheadAfterStartIsJudgedBeforeTheNextAcquireIsSent() {
        DynamoDbLockManager holder = fixture.started("holder");
        holder.acquire("k", Duration.ZERO);
        SteerableHost host = new SteerableHost();
        DynamoDbLockManager ahead = startedOn(host);
        ahead.acquire("warm-up", Duration.ZERO).close();

        host.advanceWall(Duration.ofHours(1).toMillis()); // set an hour ahead: it would see every lease as over

        assertThrows(LockUnavailableException.class, () -> ahead.acquire("k", Duration.ZERO));
        assertEquals("holder", fixture.items.read("k").owner(), "the live lock was taken");
    }
}
