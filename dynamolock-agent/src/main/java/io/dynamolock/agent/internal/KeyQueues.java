package io.dynamolock.agent.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * In-memory queues, one per key in use, so that threads of this JVM wanting the same key wait
 * here, in arrival order, instead of polling DynamoDB against each other. A queue exists while
 * some thread holds or waits for its key, and is removed with its last user.
 */
final class KeyQueues {

    /** One key's queue: a fair single permit (never {@code synchronized} + {@code wait}, for virtual threads). */
    static final class Queue {
        private final Semaphore permit = new Semaphore(1, true);
        /** Holders and waiters; read and written only inside the map's compute functions. */
        private int users;

        /**
         * @param waitNanos how long to wait; 0 tries once (still in fair order)
         * @return whether the caller now has the key's permit
         * @throws InterruptedException when interrupted while waiting
         */
        boolean enter(long waitNanos) throws InterruptedException {
            return permit.tryAcquire(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        }

        /** Hands the permit to the next waiter. */
        void exit() {
            permit.release();
        }
    }

    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();

    /**
     * Registers the caller as a user of {@code key}'s queue, creating it when needed.
     *
     * @param key the lock key
     * @return the queue; give it back with {@link #leave(String, Queue)}
     */
    Queue join(String key) {
        return queues.compute(key, (k, queue) -> {
            Queue q = queue == null ? new Queue() : queue;
            q.users++;
            return q;
        });
    }

    /**
     * Unregisters a user; the last one removes the queue.
     *
     * @param key   the lock key
     * @param queue what {@link #join(String)} returned
     */
    void leave(String key, Queue queue) {
        queues.computeIfPresent(key, (k, q) -> q != queue || --q.users > 0 ? q : null);
    }

    /** @return how many keys have a queue now (for tests and diagnostics) */
    int size() {
        return queues.size();
    }
}
