package io.dynamolock.benchmarks.weaving;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.Lock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock store that answers from memory, so that a benchmark of the weaving measures the weaving
 * and not the network: acquire is a {@code putIfAbsent} with a rising fence, release a
 * {@code remove}. Node-level ownership as in the real manager: a held key is busy for everyone.
 */
public final class InMemoryLockManager implements DistributedLockManager {
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong fences = new AtomicLong();

    @Override
    public void start() {
    }

    @Override
    public boolean acquireLock(String key) {
        return tryAcquire(key, Duration.ZERO).isPresent();
    }

    @Override
    public void releaseLock(String key) {
        Held h = held.get(key);
        if (h != null) {
            h.close();
        }
    }

    @Override
    public Optional<Lock> tryAcquire(String key, Duration wait) {
        Held h = new Held(key, fences.incrementAndGet());
        return held.putIfAbsent(key, h) == null ? Optional.of(h) : Optional.empty();
    }

    @Override
    public void close() {
        held.clear();
    }

    private final class Held implements Lock {
        private final String key;
        private final long fence;
        private volatile boolean released;

        Held(String key, long fence) {
            this.key = key;
            this.fence = fence;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public long fence() {
            return fence;
        }

        @Override
        public boolean isHeld() {
            return !released;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                held.remove(key, this);
            }
        }
    }
}
