package io.dynamolock.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Acquire attempts whose outcome is unknown: the request may have been applied and its answer
 * lost (an I/O failure, a timeout, a 5xx, or an SDK retry after one). Each is known by the
 * {@code expires} value and the random nonce it wrote (the expiry alone could be shared by two
 * managers misconfigured with one owner id, in the same millisecond), and remembered with
 * the monotonic time it was sent. When a later attempt's condition fails on an item that this
 * owner wrote with one of those values, the lock is this manager's: it is adopted, timed from
 * that attempt's send, instead of being waited out. Bounded, and forgotten after two leases.
 */
final class PendingAcquires {
    private static final int MAX_KEYS = 1024;
    private static final int MAX_PER_KEY = 64;

    private record Sent(long expiresMs, long nonce, long sentNanos) {
    }

    private final long maxAgeNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Deque<Sent>> byKey = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Sent>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** @param maxAgeNanos how long an attempt can matter: after that its lease has run out anyway */
    PendingAcquires(long maxAgeNanos) {
        this.maxAgeNanos = maxAgeNanos;
    }

    void record(String key, long expiresMs, long nonce, long sentNanos) {
        lock.lock();
        try {
            Deque<Sent> attempts = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
            attempts.addLast(new Sent(expiresMs, nonce, sentNanos));
            if (attempts.size() > MAX_PER_KEY) {
                attempts.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return whether an attempt on {@code key} may still turn out to have been applied */
    boolean any(String key, long nowNanos) {
        lock.lock();
        try {
            Deque<Sent> attempts = prune(key, nowNanos);
            return attempts != null && !attempts.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** @return the send time of the attempt that wrote {@code expiresMs} and {@code nonce} on {@code key}, or -1 */
    long sentAt(String key, long expiresMs, long nonce, long nowNanos) {
        lock.lock();
        try {
            Deque<Sent> attempts = prune(key, nowNanos);
            if (attempts != null) {
                for (Sent s : attempts) {
                    if (s.expiresMs == expiresMs && s.nonce == nonce) {
                        return s.sentNanos;
                    }
                }
            }
            return -1;
        } finally {
            lock.unlock();
        }
    }

    void forget(String key) {
        lock.lock();
        try {
            byKey.remove(key);
        } finally {
            lock.unlock();
        }
    }

    private Deque<Sent> prune(String key, long nowNanos) {
        Deque<Sent> attempts = byKey.get(key);
        if (attempts == null) {
            return null;
        }
        while (!attempts.isEmpty() && nowNanos - attempts.peekFirst().sentNanos > maxAgeNanos) {
            attempts.removeFirst();
        }
        if (attempts.isEmpty()) {
            byKey.remove(key);
        }
        return attempts;
    }
}
