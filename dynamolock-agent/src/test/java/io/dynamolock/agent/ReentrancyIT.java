package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.Lock;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-thread re-entrancy: a nested call for a key the thread already holds shares the outer
 * call's lock and costs no request; only the outermost call acquires and releases.
 */
@ExtendWith(ItEnvironment.class)
class ReentrancyIT {

    /** Methods that call each other on the same key. */
    static class Ledger {
        final List<Long> fences = new ArrayList<>();

        @DynamoLocked("ledger-$<arg0>")
        void outer(String id) {
            fences.add(fence());
            inner(id);
            inner(id);
            fences.add(fence());
        }

        @DynamoLocked("ledger-$<arg0>")
        void inner(String id) {
            fences.add(fence());
        }

        @DynamoLocked("ledger-$<arg0>")
        int recurse(String id, int depth) {
            fences.add(fence());
            return depth == 0 ? 0 : 1 + recurse(id, depth - 1);
        }

        @DynamoLocked("ledger-$<arg0>")
        String nestedOtherKey(String id, String other) {
            String before = DynamoLock.current().orElseThrow().key();
            String inside = otherKey(other);
            String after = DynamoLock.current().orElseThrow().key();
            return before + "|" + inside + "|" + after;
        }

        @DynamoLocked("$<arg0>")
        String otherKey(String key) {
            return DynamoLock.current().orElseThrow().key();
        }

        private static long fence() {
            Lock lock = DynamoLock.current().orElseThrow();
            assertTrue(lock.isHeld());
            return lock.fence();
        }
    }

    @Test
    void nestedCallsForTheSameKeyShareOneAcquireAndOneRelease(Env env) {
        Ledger ledger = new Ledger();
        String id = ItEnvironment.uniqueKey("reentry");
        String key = "ledger-" + id;

        ledger.outer(id);

        assertEquals(4, ledger.fences.size());
        assertEquals(1, ledger.fences.stream().distinct().count(), "one lock, one fence: " + ledger.fences);
        assertEquals(2, env.proxy().count("UpdateItem", key), "one acquire and one release");
        assertEquals(2, env.proxy().count(key), "no other request for the key");
        assertEquals(ledger.fences.get(0), Long.parseLong(env.item(key).get("fence").n()));
        assertFalse(env.item(key).containsKey("owner"), "released by the outer call");
    }

    @Test
    void recursionOnTheSameKeyCostsOneAcquire(Env env) {
        Ledger ledger = new Ledger();
        String id = ItEnvironment.uniqueKey("recursion");

        assertEquals(5, ledger.recurse(id, 5));

        assertEquals(1, ledger.fences.stream().distinct().count());
        assertEquals(2, env.proxy().count("ledger-" + id));
    }

    @Test
    void aNestedCallForAnotherKeyTakesItsOwnLockAndCurrentFollowsTheInnermost(Env env) {
        String id = ItEnvironment.uniqueKey("outer");
        String other = ItEnvironment.uniqueKey("inner");

        assertEquals("ledger-" + id + "|" + other + "|ledger-" + id, new Ledger().nestedOtherKey(id, other));

        assertEquals(2, env.proxy().count("UpdateItem", other));
        assertEquals(2, env.proxy().count("UpdateItem", "ledger-" + id));
        assertTrue(DynamoLock.current().isEmpty(), "nothing held after the outermost call");
    }

    @Test
    void aSecondOuterCallTakesTheLockAgainWithAHigherFence(Env env) {
        Ledger ledger = new Ledger();
        String id = ItEnvironment.uniqueKey("again");

        ledger.inner(id);
        ledger.inner(id);

        assertTrue(ledger.fences.get(1) > ledger.fences.get(0), "fence rises on every acquire: " + ledger.fences);
        assertEquals(4, env.proxy().count("UpdateItem", "ledger-" + id));
    }
}
