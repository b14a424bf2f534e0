package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The memory store behind {@code dynamolock.store=memory}: the DynamoDB manager's contract, within one JVM. */
class InMemoryLockManagerTest {

    @Test
    void aHeldKeyIsBusyAndNamesThisOwner() {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            Lock lock = manager.acquire("k", Duration.ZERO);

            LockNotAcquiredException busy = assertThrows(LockNotAcquiredException.class,
                    () -> manager.acquire("k", Duration.ofMillis(20)));
            assertEquals("node-a", busy.holder().orElseThrow());
            assertTrue(lock.isHeld());
            assertTrue(manager.tryAcquire("k", Duration.ZERO).isEmpty());
        }
    }

    @Test
    void fencesRiseWithEveryAcquire() {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            long previous = 0;
            for (int i = 0; i < 5; i++) {
                Lock lock = manager.acquire("k", Duration.ZERO);
                assertTrue(lock.fence() > previous, lock.fence() + " after " + previous);
                previous = lock.fence();
                lock.close();
                assertFalse(lock.isHeld());
            }
        }
    }

    @Test
    void aWaiterTakesTheKeyWhenItIsReleased() throws Exception {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            Lock first = manager.acquire("k", Duration.ZERO);
            CompletableFuture<Lock> waiter = CompletableFuture.supplyAsync(
                    () -> manager.acquire("k", Duration.ofSeconds(10)));
            Thread.sleep(50);
            assertFalse(waiter.isDone(), "the key is still held");

            first.close();

            Lock second = waiter.get(5, TimeUnit.SECONDS);
            assertTrue(second.fence() > first.fence());
        }
    }

    @Test
    void closingAStaleLockDoesNotReleaseItsSuccessor() {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            Lock stale = manager.acquire("k", Duration.ZERO);
            stale.close();
            Lock current = manager.acquire("k", Duration.ZERO);

            stale.close();

            assertTrue(current.isHeld());
            assertThrows(LockNotAcquiredException.class, () -> manager.acquire("k", Duration.ZERO));
        }
    }

    @Test
    void threadsNeverHoldOneKeyTogether() throws Exception {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicLong lastFence = new AtomicLong();
            AtomicInteger fencesOutOfOrder = new AtomicInteger();
            Runnable worker = () -> {
                for (int i = 0; i < 500; i++) {
                    try (Lock lock = manager.acquire("shared", Duration.ofSeconds(10))) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (lock.fence() <= lastFence.getAndSet(lock.fence())) {
                            fencesOutOfOrder.incrementAndGet();
                        }
                        inside.decrementAndGet();
                    }
                }
            };
            CompletableFuture<?>[] runs = new CompletableFuture<?>[4];
            for (int t = 0; t < runs.length; t++) {
                runs[t] = CompletableFuture.runAsync(worker, r -> new Thread(r).start());
            }
            CompletableFuture.allOf(runs).get(60, TimeUnit.SECONDS);

            assertEquals(0, overlaps.get());
            assertEquals(0, fencesOutOfOrder.get());
        }
    }

    @Test
    void badKeysAreRejectedAsTheDynamoDbManagerRejectsThem() {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> manager.acquire("", Duration.ZERO));
            assertTrue(empty.getMessage().contains("lock key is empty"), empty.getMessage());
            assertThrows(IllegalArgumentException.class, () -> manager.acquire("x".repeat(2049), Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> manager.acquire("a\ud800b", Duration.ZERO));
        }
    }

    @Test
    void closeReleasesEverythingAndRefusesLaterCalls() {
        InMemoryLockManager manager = new InMemoryLockManager("node-a");
        Lock lock = manager.acquire("k", Duration.ZERO);

        manager.close();

        assertFalse(lock.isHeld());
        assertTrue(manager.heldKeys().isEmpty());
        assertThrows(LockUnavailableException.class, () -> manager.acquire("k", Duration.ZERO));
    }

    @Test
    void theStoreSettingChoosesTheManager() {
        LockSettings memory = LockSettings.defaults().change().set("store", "MEMORY").done();
        LockSettings.Changes bad = LockSettings.defaults().change();

        try (NodeLockManager manager = NodeLockManager.create(memory)) {
            assertInstanceOf(InMemoryLockManager.class, manager);
            assertEquals(memory.owner(), manager.owner());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.set("store", "redis"));
        assertEquals("invalid setting store 'redis': expected dynamodb or memory", e.getMessage());
        assertEquals(LockSettings.Store.DYNAMODB, LockSettings.defaults().store());
    }
}
