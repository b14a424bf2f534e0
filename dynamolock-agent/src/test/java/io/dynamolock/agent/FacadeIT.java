package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link DynamoLock} facade: {@code current()} inside an annotated body, and
 * {@code manager()}, an api-side adapter over the agent's manager.
 */
@ExtendWith(ItEnvironment.class)
class FacadeIT {

    /** Reads the current lock from inside a locked body. */
    static class Reader {
        @DynamoLocked("facade-$<arg0>")
        Lock inside(String id) {
            Lock lock = DynamoLock.current().orElseThrow();
            assertEquals("facade-" + id, lock.key());
            assertTrue(lock.isHeld());
            assertTrue(lock.fence() > 0);
            lock.close();
            assertTrue(lock.isHeld(), "closing the current lock from the body does not release it");
            return lock;
        }

        @DynamoLocked("$<arg0>")
        void annotated(String key) {
        }
    }

    @Test
    void currentGivesTheHeldLockInsideTheBodyAndNothingOutside(Env env) {
        assertEquals(Optional.empty(), DynamoLock.current());
        String id = ItEnvironment.uniqueKey("current");

        Lock lock = new Reader().inside(id);

        assertFalse(lock.isHeld(), "released when the method returned");
        assertEquals(Optional.empty(), DynamoLock.current());
        assertEquals(lock.fence(), Long.parseLong(env.item("facade-" + id).get("fence").n()));
    }

    @Test
    void theManagerTakesAndReleasesLocksByKey(Env env) {
        DistributedLockManager manager = DynamoLock.manager();
        String key = ItEnvironment.uniqueKey("manual");

        assertTrue(manager.acquireLock(key));
        assertEquals(env.item(key).get("owner").s().isEmpty(), false);
        assertFalse(manager.acquireLock(key), "held by this node: busy for it too");
        assertThrows(LockNotAcquiredException.class, () -> new Reader().annotated(key),
                "and for annotated methods of this node");
        manager.releaseLock(key);
        assertFalse(env.item(key).containsKey("owner"));
        manager.releaseLock(key);
    }

    @Test
    void tryAcquireGivesALockOrEmptyWhenAnotherNodeHoldsTheKey(Env env) {
        DistributedLockManager manager = DynamoLock.manager();
        String free = ItEnvironment.uniqueKey("free");
        String busy = ItEnvironment.uniqueKey("busy");
        env.holdAsOther(busy, "other-node", Instant.now().plusSeconds(60), 3);

        try (Lock lock = manager.tryAcquire(free, Duration.ZERO).orElseThrow()) {
            assertEquals(free, lock.key());
            assertTrue(lock.isHeld());
        }
        assertEquals(Optional.empty(), manager.tryAcquire(busy, Duration.ofMillis(200)));
        assertThrows(IllegalArgumentException.class, () -> manager.tryAcquire(free, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> manager.tryAcquire("", Duration.ZERO));
    }

    @Test
    void closingALostManualLockThrowsLockLost(Env env) {
        String key = ItEnvironment.uniqueKey("manual-lost");
        Lock lock = DynamoLock.manager().tryAcquire(key, Duration.ZERO).orElseThrow();
        env.steal(key);

        LockLostException e = assertThrows(LockLostException.class, lock::close);

        assertEquals(key, e.key());
        lock.close();
    }

    @Test
    void closingTheAdapterLeavesTheAgentsManagerRunning(Env env) {
        DynamoLock.manager().close();
        String key = ItEnvironment.uniqueKey("after-close");

        new Reader().annotated(key);

        assertEquals(2, env.proxy().count("UpdateItem", key));
    }
}
