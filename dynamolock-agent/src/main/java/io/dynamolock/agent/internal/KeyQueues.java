package io.dynamolock.agent.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.function.BiFunction;

/**
 * In-memory queues, one per key in use, so that threads of this JVM wanting the same key wait
 * here, in arrival order, instead of polling DynamoDB against each other. A queue exists while
 * some thread holds or waits for its key, and is removed with its last user.
 */
final class KeyQueues {

    /**
     * One key's queue: a fair mutex in a single object (a fair {@code Semaphore} would be two more
     * allocations on every uncontended call, since a queue lives only while its key is in use).
     * Parks rather than {@code synchronized} + {@code wait}, for virtual threads.
     */
    static final class Queue extends AbstractQueuedSynchronizer {
        private static final long serialVersionUID = 1L;
        /** Holders and waiters; read and written only inside the map's compute functions. */
        private int users;

        /**
         * @param waitNanos how long to wait; 0 tries once (still in fair order)
         * @return whether the caller now has the key
         * @throws InterruptedException when interrupted while waiting
         */
        boolean enter(long waitNanos) throws InterruptedException {
            return tryAcquireNanos(1, Math.max(0, waitNanos));
        }

        /** Hands the key to the next waiter. */
        void exit() {
            release(1);
        }

        @Override
        protected boolean tryAcquire(int ignored) {
            return getState() == 0 && !hasQueuedPredecessors() && compareAndSetState(0, 1);
        }

        @Override
        protected boolean tryRelease(int ignored) {
            setState(0);
            return true;
        }
    }

    /**
     * Adds a user, creating the queue when the key has none (any more). A named class, not a
     * lambda: this class is created in premain, where the first lambda's set-up would cost start-up.
     */
    private static final class Join implements BiFunction<String, Queue, Queue> {
        @Override
        public Queue apply(String key, Queue queue) {
            Queue q = queue == null ? new Queue() : queue;
            q.users++;
            return q;
        }
    }

    private static final Join JOIN = new Join();

    /** Drops a user; the last one removes the queue. A caller is a user of the mapped queue until it leaves. */
    private static final class Leave implements BiFunction<String, Queue, Queue> {
        @Override
        public Queue apply(String key, Queue q) {
            return --q.users > 0 ? q : null;
        }
    }

    private static final Leave LEAVE = new Leave();

    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();

    /**
     * Registers the caller as a user of {@code key}'s queue, creating it when needed.
     *
     * @param key the lock key
     * @return the queue; give it back with {@link #leave(String, Queue)}
     */
    Queue join(String key) {
        // The common case, a key nobody here uses: publish a queue that already counts the caller,
        // with one compare-and-set and no lock. Otherwise count the caller under the map's lock
        // (the fresh queue is then garbage: only contended calls pay for it).
        Queue fresh = new Queue();
        fresh.users = 1;
        Queue existing = queues.putIfAbsent(key, fresh);
        return existing == null ? fresh : queues.compute(key, JOIN);
    }

    /**
     * Unregisters a user; the last one removes the queue.
     *
     * @param key   the lock key
     * @param queue what {@link #join(String)} returned
     */
    void leave(String key, Queue queue) {
        // While the caller is a user the key maps to its queue, so the function needs no capture.
        queues.computeIfPresent(key, LEAVE);
    }

    /** @return how many keys have a queue now (for tests and diagnostics) */
    int size() {
        return queues.size();
    }
}
