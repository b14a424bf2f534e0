package io.dynamolock.agent.internal;

import io.dynamolock.Lock;

/**
 * One active call of a woven method on one thread: the handle that its enter advice gets and its
 * exit advice gives back. A nested call for a key the thread already holds is a re-entry: it
 * shares the outer call's lock and releases nothing.
 */
final class Frame implements LockHandle {
    private final String key;
    private final Lock lock;
    private final KeyQueues.Queue queue;
    private final boolean reentry;

    private Frame(String key, Lock lock, KeyQueues.Queue queue, boolean reentry) {
        this.key = key;
        this.lock = lock;
        this.queue = queue;
        this.reentry = reentry;
    }

    /**
     * @param key   the lock key
     * @param lock  the lock just taken
     * @param queue the key's local queue, whose permit this call holds
     * @return the frame of a call that took the lock
     */
    static Frame outer(String key, Lock lock, KeyQueues.Queue queue) {
        return new Frame(key, lock, queue, false);
    }

    /** @return the frame of a nested call on the same thread for the same key */
    Frame reentry() {
        return new Frame(key, lock, queue, true);
    }

    String key() {
        return key;
    }

    @Override
    public Lock lock() {
        return lock;
    }

    KeyQueues.Queue queue() {
        return queue;
    }

    boolean isReentry() {
        return reentry;
    }
}
