package io.dynamolock.runtime;

import io.dynamolock.Lock;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock manager whose store is this JVM's memory ({@code dynamolock.store=memory}): acquire is a
 * put-if-absent with a rising fence, release a remove; no table, no heartbeat, no leases. Locks
 * exclude only the threads of this JVM, so it serves tests and benchmarks that want the agent's
 * weaving without a server, never a cluster. Keys, node-level ownership (a key this manager holds
 * is busy for every thread, the holding one included) and errors are the DynamoDB manager's.
 */
public final class InMemoryLockManager implements NodeLockManager {
    /** Waits beyond this many nanoseconds are waits without end (and would overflow). */
    private static final Duration LONGEST_WAIT = Duration.ofNanos(Long.MAX_VALUE);

    private final String owner;
    private final Host host;
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    /** Starts from the wall clock, like the DynamoDB manager's first fence, and only ever rises. */
    private final AtomicLong fences;
    /**
     * Waiters park on its condition (never {@code synchronized} + {@code wait}, for virtual
     * threads); a release signals only when there are waiters, so the common path takes no lock.
     */
    private final ReentrantLock released = new ReentrantLock();
    private final Condition releases = released.newCondition();
    private final AtomicLong waiters = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param owner this manager's owner id, named as the holder in {@link LockNotAcquiredException}
     */
    public InMemoryLockManager(String owner) {
        this(owner, Host.system());
    }

    /**
     * @param owner this manager's owner id, named as the holder in {@link LockNotAcquiredException}
     * @param host  the clocks it reads: the first fence comes from the wall clock, waits are timed
     *              on the monotonic one (waiters are woken by releases, not by the host's timers)
     */
    public InMemoryLockManager(String owner, Host host) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.host = Objects.requireNonNull(host, "host");
        this.fences = new AtomicLong(host.wallClock().millis());
    }

    @Override
    public String owner() {
        return owner;
    }

    /** Nothing to prepare: memory is always ready. */
    @Override
    public void start() {
        checkOpen();
    }

    @Override
    public CompletableFuture<Void> startInBackground() {
        return CompletableFuture.completedFuture(null);
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
        try {
            return Optional.of(acquire(key, wait));
        } catch (LockNotAcquiredException e) {
            return Optional.empty();
        }
    }

    @Override
    public Lock acquire(String key, Duration wait) {
        Keys.check(key);
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait " + wait + " is negative; expected zero or more");
        }
        Held lock = take(key);
        if (lock != null) {
            return lock;
        }
        long waitNanos = wait.compareTo(LONGEST_WAIT) >= 0 ? Long.MAX_VALUE : wait.toNanos();
        long start = host.nanoTime();
        waiters.incrementAndGet();
        released.lock();
        try {
            while (true) {
                lock = take(key);
                if (lock != null) {
                    return lock;
                }
                long left = waitNanos - (host.nanoTime() - start);
                if (left <= 0) {
                    throw new LockNotAcquiredException(key, owner, null);
                }
                releases.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted while waiting for lock '" + Keys.printable(key) + "'");
        } finally {
            released.unlock();
            waiters.decrementAndGet();
        }
    }

    /** Takes the key if it is free; a manager closed meanwhile gives it back at once. */
    private Held take(String key) {
        checkOpen();
        Held candidate = new Held(key);
        if (held.putIfAbsent(key, candidate) != null) {
            return null;
        }
        // Numbered only once it holds the key: a fence drawn before winning could be overtaken
        // by a later holder's and reach its caller out of order.
        candidate.fence = fences.incrementAndGet();
        if (closed) {
            candidate.close();
            checkOpen();
        }
        return candidate;
    }

    private void checkOpen() {
        if (closed) {
            throw new LockUnavailableException("lock manager is closed");
        }
    }

    /** @return the keys this manager holds now */
    public Set<String> heldKeys() {
        return Set.copyOf(held.keySet());
    }

    /**
     * Later calls fail with {@link LockUnavailableException}, and waiters give up. Locks still in
     * use stay held until their holders release them, as the DynamoDB manager keeps them: no thread
     * can take a key after close anyway, and no other JVM shares this memory.
     */
    @Override
    public void close() {
        closed = true;
        signalWaiters();
    }

    private void signalWaiters() {
        released.lock();
        try {
            releases.signalAll();
        } finally {
            released.unlock();
        }
    }

    /** One held key; closing it twice, or after close(), does nothing. */
    private final class Held implements Lock {
        private final String key;
        /** Set by the winning thread before the lock is handed out, and never again. */
        private long fence;
        private volatile boolean isHeld = true;

        Held(String key) {
            this.key = key;
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
            return isHeld;
        }

        @Override
        public void close() {
            if (!isHeld) {
                return;
            }
            isHeld = false;
            held.remove(key, this);
            if (waiters.get() > 0) {
                signalWaiters();
            }
        }
    }
}
