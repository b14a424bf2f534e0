package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.LockUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What only the memory store behind {@code dynamolock.store=memory} does; what every manager
 * promises: {@link InMemoryLockManagerContractTest}.
 */
class InMemoryLockManagerTest {

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
