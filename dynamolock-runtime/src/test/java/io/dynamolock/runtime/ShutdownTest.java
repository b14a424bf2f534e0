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
import io.dynamolock.testing.fault.Fault;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.FaultRule;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Closing a manager (the agent's shutdown hook does, on every SIGTERM of a rolling deploy) never
 * hands a lock to another node while its holder still works under it.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }


    private DynamoDbLockManager startedWithGrace(String owner, Duration grace) {
        DynamoDbLockManager m = fixture.managerVia(fixture.server.endpoint(), owner,
                b -> b.set("shutdownGrace", grace.toMillis() + "ms"));
        m.start();
        return m;
    }

    @Test
    void closeNeverReleasesALockStillInUseAndKeepsRenewingItUntilItsHolderReleasesIt() throws Exception {
        DynamoDbLockManager a = startedWithGrace("node-a", Duration.ofMillis(300));
        DynamoDbLockManager b = fixture.started("node-b");
        Lock inUse = a.acquire("job", Duration.ZERO);

        a.close();

        assertThrows(LockUnavailableException.class, () -> a.acquire("other", Duration.ZERO),
                "a closed manager takes no new lock");
        Thread.sleep(Fixture.LEASE.plus(Fixture.HEARTBEAT).toMillis()); // past the lease of the last write before close
        assertTrue(inUse.isHeld(), "renewed after close while its holder works");
        assertFalse(b.acquireLock("job"), "another node got a lock whose holder still works under it");

        inUse.close();
        assertTrue(b.acquireLock("job"), "released as its holder ended");
    }

    @Test
    void closeWaitsForHoldersWithinTheGraceReleasesEachAsItEndsAndThenLeavesNoThreadBehind() throws Exception {
        DynamoDbLockManager a = startedWithGrace("node-a", Duration.ofSeconds(20));
        DynamoDbLockManager b = fixture.started("node-b");
        Lock first = a.acquire("first", Duration.ZERO);
        Lock second = a.acquire("second", Duration.ZERO);
        CompletableFuture<Void> holders = CompletableFuture.runAsync(() -> {
            sleep(300);
            assertFalse(b.acquireLock("first"), "released before its holder ended");
            first.close();
            sleep(300);
            second.close();
        });

        long started = System.nanoTime();
        a.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        holders.get(5, TimeUnit.SECONDS);
        assertTrue(tookMs >= 550, "close returned before the holders were done: " + tookMs + " ms");
        assertTrue(tookMs < 10_000, "close waited for the grace though every holder was done: " + tookMs + " ms");
        assertTrue(b.acquireLock("first"));
        assertTrue(b.acquireLock("second"));
        b.releaseLock("first");
        b.releaseLock("second");
        b.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (dynamoLockThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, dynamoLockThreads(), "threads left: " + Thread.getAllStackTraces().keySet());
    }

    @Test
    void anAcquireWhoseAnswerArrivesAfterCloseBeganIsReleasedAndRefusedRatherThanLeftUnrenewed() throws Exception {
        // close() runs while the acquire's request is out: the lock it takes is not among those close
        // saw, so nobody would renew it. It must be freed and the caller told the manager is closed.
        AtomicReference<DynamoDbLockManager> manager = new AtomicReference<>();
        ExecutionInterceptor closeWhileOut = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest u && u.updateExpression().startsWith("SET #owner")
                        && u.key().get("id").s().equals("late")) {
                    manager.get().close();
                }
            }
        };
        DynamoDbClient client = fixture.closeLater(fixture.server.newClient(closeWhileOut));
        manager.set(fixture.manager("node-a", b -> b.dynamoDbClient(client)));
        manager.get().start();

        LockUnavailableException e = assertThrows(LockUnavailableException.class,
                () -> manager.get().acquire("late", Duration.ZERO));

        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(manager.get().heldKeys().isEmpty());
        assertTrue(fixture.started("node-b").acquireLock("late"), "the late lock was left on the table");
    }

    @Test
    void aLockLostAfterCloseStillReportsItsLossWhenItsHolderReleasesIt() throws Exception {
        // The lock outlives close() (grace 0), then loses DynamoDB and expires; once it ended, the
        // manager stops and closes its client. The holder's release must still say the lock was lost.
        FaultProxy proxy = fixture.proxy();
        DynamoDbLockManager a = fixture.startedVia(proxy.endpoint(), "node-a");
        Lock lock = a.acquire("k", Duration.ZERO);
        a.close();
        proxy.inject(FaultRule.onAny().then(Fault.reset()));
        long deadline = System.nanoTime() + Fixture.LEASE.multipliedBy(3).toNanos();
        while (lock.isHeld() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(lock.isHeld(), "renewals failed for a whole lease");
        Thread.sleep(1500); // the manager has stopped and closed its client

        LockLostException lost = assertThrows(LockLostException.class, lock::close);
        assertEquals(LockLostException.Reason.EXPIRED, lost.reason());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long dynamoLockThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("dynamolock-")).count();
    }
}
