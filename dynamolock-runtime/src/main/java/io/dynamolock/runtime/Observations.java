package io.dynamolock.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * For take-over by observation ({@link LockSettings.Takeover#OBSERVE}): the record version
 * ({@code fence}, {@code beat}) this manager last saw on each busy key, and when it first saw it,
 * on its own monotonic clock. A version unchanged for the holder's lease means the holder
 * stopped renewing: its own deadline (lease - clockSkew from the start of its last write, which
 * was applied before this manager read it) has passed. Kept across calls, so repeated one-shot
 * tries also get there; bounded to the most recently used keys.
 */
final class Observations {
    private static final int MAX_KEYS = 4096;

    /**
     * A version seen on a key.
     *
     * @param fence          the holder's fence
     * @param beat           its renewal counter
     * @param leaseNanos     the holder's lease, as written on the item
     * @param firstSeenNanos this node's monotonic clock when an answer first showed this version
     */
    record Seen(long fence, long beat, long leaseNanos, long firstSeenNanos) {
        long ripeAtNanos() {
            return firstSeenNanos + leaseNanos;
        }
    }

    private final long defaultLeaseNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** @param defaultLeaseNanos the lease to assume for an item that does not say its own */
    Observations(long defaultLeaseNanos) {
        this.defaultLeaseNanos = defaultLeaseNanos;
    }

    /**
     * Records a held item as an answer showed it.
     *
     * @param atNanos this node's monotonic clock after the answer arrived (the version existed by then)
     */
    void saw(String key, LockItem item, long atNanos) {
        long lease = item.leaseMs() > 0 ? item.leaseMs() * 1_000_000L : defaultLeaseNanos;
        lock.lock();
        try {
            Seen old = seen.get(key);
            if (old == null || old.fence != item.fence() || old.beat != item.beat()) {
                seen.put(key, new Seen(item.fence(), item.beat(), lease, atNanos));
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the version to take over from, once it has been seen unchanged for its lease; else {@code null} */
    Seen ripe(String key, long nowNanos) {
        lock.lock();
        try {
            Seen s = seen.get(key);
            return s != null && nowNanos - s.ripeAtNanos() >= 0 ? s : null;
        } finally {
            lock.unlock();
        }
    }

    /** @return nanoseconds until the version seen on {@code key} is ripe (0 when it is), or -1 when none was seen */
    long nanosUntilRipe(String key, long nowNanos) {
        lock.lock();
        try {
            Seen s = seen.get(key);
            return s == null ? -1 : Math.max(0, s.ripeAtNanos() - nowNanos);
        } finally {
            lock.unlock();
        }
    }

    void forget(String key) {
        lock.lock();
        try {
            seen.remove(key);
        } finally {
            lock.unlock();
        }
    }
}
