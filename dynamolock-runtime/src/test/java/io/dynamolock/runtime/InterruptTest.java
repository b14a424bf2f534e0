package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.testing.fault.Fault;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.FaultRule;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A thread's interrupt neither strands a lock nor hides what happened. */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptTest {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private boolean owned(String key) {
        Map<String, AttributeValue> item = fixture.client.getItem(r -> r.tableName(fixture.table)
                .key(Map.of("id", AttributeValue.fromS(key))).consistentRead(true)).item();
        return item != null && item.containsKey("owner");
    }

    @Test
    void releaseFromAnInterruptedThreadIsSentAtOnceAndTheInterruptIsKept() {
        DynamoDbLockManager manager = fixture.startedVia(fixture.server.endpoint(), "node-a");
        Lock lock = manager.acquire("k", Duration.ZERO);

        Thread.currentThread().interrupt();
        lock.close();

        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertFalse(owned("k"), "released by the call itself, not left to a background retry");
    }

    @Test
    void acquireFromAnInterruptedThreadSaysItWasInterrupted() {
        DynamoDbLockManager manager = fixture.startedVia(fixture.server.endpoint(), "node-a");

        Thread.currentThread().interrupt();
        LockUnavailableException e = assertThrows(LockUnavailableException.class,
                () -> manager.acquire("k", Duration.ZERO));

        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertTrue(e.getMessage().startsWith("interrupted while acquiring lock 'k'"), e.getMessage());
        assertFalse(owned("k"));
    }

    @Test
    void anAcquireInterruptedWhileItsRequestIsInFlightEitherHoldsTheLockOrLeavesTheKeyFree() throws Exception {
        FaultProxy proxy = fixture.proxy();
        DynamoDbLockManager manager = fixture.startedVia(proxy.endpoint(), "node-a");
        interruptInFlight(proxy, manager);
    }

    @Test
    void anAcquireInterruptedWhileItsRequestIsInFlightOnAClientWithoutTimeoutsEitherHoldsTheLockOrLeavesTheKeyFree()
            throws Exception {
        FaultProxy proxy = fixture.proxy();
        DynamoDbClient client = fixture.closeLater(DynamoDbClient.builder().endpointOverride(proxy.endpoint())
                .region(fixture.server.region()).credentialsProvider(fixture.server.credentialsProvider()).build());
        DynamoDbLockManager manager = fixture.manager("node-a", b -> b.dynamoDbClient(client));
        manager.start();
        interruptInFlight(proxy, manager);
    }

    /**
     * Interrupts an acquire whose request the server has applied while its answer is held back.
     * Whichever way the SDK reacts (it may finish the call, or throw once the answer is in), the
     * caller either holds the lock or is told it was interrupted and finds the key free: never a
     * write of its own that nobody holds, blocking the key for a lease.
     */
    private void interruptInFlight(FaultProxy proxy, DynamoDbLockManager manager) throws Exception {
        proxy.inject(FaultRule.on("UpdateItem").whenBodyContains("if_not_exists").times(1)
                .then(Fault.delayResponse(Duration.ofMillis(1500))));
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(manager.acquire("k", Duration.ofSeconds(5)));
            } catch (Throwable e) {
                outcome.set(e);
            }
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        Thread.sleep(300); // the request has reached the server, its answer is held back
        caller.interrupt();
        caller.join(10_000);

        if (outcome.get() instanceof Lock lock) {
            assertTrue(lock.isHeld());
            assertTrue(owned("k"));
            lock.close();
            return;
        }
        assertInstanceOf(LockUnavailableException.class, outcome.get());
        assertTrue(((Throwable) outcome.get()).getMessage().startsWith("interrupted while acquiring lock 'k'"),
                ((Throwable) outcome.get()).getMessage());
        assertTrue(interruptKept.get(), "the caller's interrupt is kept");
        long deadline = System.nanoTime() + Fixture.LEASE.toNanos() / 2;
        while (owned("k") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(owned("k"), "the applied write was released well before its lease ran out");
        assertTrue(manager.heldKeys().isEmpty());
    }
}
