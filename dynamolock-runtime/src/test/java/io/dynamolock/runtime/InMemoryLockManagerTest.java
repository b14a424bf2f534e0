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

    @Test
    void aNegativeWaitIsRejectedAndAnEndlessOneWorks() throws Exception {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> manager.acquire("k", Duration.ofMillis(-1)));
            assertTrue(e.getMessage().contains("negative"), e.getMessage());

            Lock first = manager.acquire("k", Duration.ofDays(365L * 1_000_000));
            CompletableFuture<Lock> waiter = CompletableFuture.supplyAsync(
                    () -> manager.acquire("k", Duration.ofDays(365L * 1_000_000)));
            Thread.sleep(50);
            first.close();
            assertTrue(waiter.get(5, TimeUnit.SECONDS).isHeld());
        }
    }

    @Test
    void anInterruptedWaiterGivesUpAndKeepsItsInterrupt() throws Exception {
        try (InMemoryLockManager manager = new InMemoryLockManager("node-a")) {
            manager.acquire("k", Duration.ZERO);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    manager.acquire("k", Duration.ofSeconds(30));
                    outcome.complete("acquired");
                } catch (LockUnavailableException e) {
                    outcome.complete(e.getMessage() + " / interrupted " + Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            Thread.sleep(50);

            waiter.interrupt();

            assertEquals("interrupted while waiting for lock 'k' / interrupted true", outcome.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aLeaseOrStartTimeoutBeyondAYearIsRejectedByName() {
        IllegalArgumentException lease = assertThrows(IllegalArgumentException.class,
                () -> LockSettings.defaults().change().set("lease", "999999999999h").done());
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class,
                () -> LockSettings.defaults().change().set("startTimeout", "9000h").done());

        assertTrue(lease.getMessage().startsWith("invalid dynamolock.lease '"), lease.getMessage());
        assertTrue(lease.getMessage().endsWith("expected at most 365 days"), lease.getMessage());
        assertTrue(start.getMessage().contains("dynamolock.startTimeout"), start.getMessage());
    }
}
