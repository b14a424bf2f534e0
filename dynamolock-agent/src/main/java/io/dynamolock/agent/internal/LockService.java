package io.dynamolock.agent.internal;

import io.dynamolock.DynamoLockException;
import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.bootstrap.BridgeTarget;
import io.dynamolock.bootstrap.Refusal;
import io.dynamolock.runtime.LeasedLock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's side of the bootstrap bridge: per-thread re-entrancy, in-memory queues per key,
 * then the runtime's manager. Speaks JDK types only to the bridge, and never throws into woven
 * code except {@link IllegalArgumentException} for a key the runtime rejects.
 */
final class LockService implements BridgeTarget {
    // The runtime calls of inOwnContext: ints rather than an enum, so that no class loads for them.
    private static final int ACQUIRE = 0;
    private static final int RELEASE = 1;
    private static final int START = 2;
    private static final int CLOSE = 3;
    /** What failed, in the refusals of the calls the application makes through {@code DynamoLock.manager()}. */
    private static final String MANAGER = "the lock manager";

    private final Sites sites;
    private final ManagerStartup manager;
    private final ClassLoader ownLoader;
    private final Report report;
    private final KeyQueues queues = new KeyQueues();
    /**
     * Each thread's active calls, innermost first. Kept for the thread's life (a few dozen bytes of
     * JDK types): making and dropping it around every outermost call cost more than the lock itself.
     */
    private final ThreadLocal<ArrayDeque<Frame>> frames = new ActiveCalls();
    private final ConcurrentHashMap<String, ManualLock> manual = new ConcurrentHashMap<>();

    /**
     * @param sites     the woven methods
     * @param manager   the lock manager, possibly still starting
     * @param ownLoader the agent's loader, made the context loader while the runtime runs
     * @param report    where unexpected failures go
     */
    LockService(Sites sites, ManagerStartup manager, ClassLoader ownLoader, Report report) {
        this.sites = sites;
        this.manager = manager;
        this.ownLoader = ownLoader;
        this.report = report;
    }

    @Override
    public Object enter(int siteId, String key) {
        Site site = sites.get(siteId);
        if (site == null) {
            return Refusal.unavailable("call site " + siteId + " is unknown to this DynamoLock agent (was the class"
                    + " woven by another agent instance?)", null);
        }
        ArrayDeque<Frame> active = frames.get();
        Frame outer = find(active, key);
        if (outer != null) {
            Lock shared = outer.lock();
            if (!shared.isHeld()) {
                // Lost while the outer call runs: the nested body must not run as if it were locked.
                LockLostException.Reason reason = shared instanceof LeasedLock leased
                        ? leased.loss().orElse(LockLostException.Reason.EXPIRED) : LockLostException.Reason.EXPIRED;
                return refusal(key, new LockLostException(key, shared.fence(), reason));
            }
            Frame nested = outer.reentry();
            active.push(nested);
            return nested;
        }
        KeyQueues.Queue queue = queues.join(key);
        boolean permitted = false;
        boolean handedOver = false;
        try {
            // The clock is read only when another thread of this JVM holds the key: an uncontended
            // call passes the site's wait on unchanged.
            Duration left = site.waitFor();
            permitted = queue.enter(0);
            if (!permitted) {
                long start = System.nanoTime();
                permitted = queue.enter(site.waitNanos());
                if (!permitted) {
                    // Another thread of this JVM kept the key for the whole wait.
                    return site.skips() ? null : Refusal.busy(key, manager.owner(), null);
                }
                left = Duration.ofNanos(Math.max(0, site.waitNanos() - (System.nanoTime() - start)));
            }
            Frame frame = Frame.outer(key, inOwnContext(ACQUIRE, key, left, null), queue);
            active.push(frame);
            handedOver = true;
            return frame;
        } catch (LockNotAcquiredException e) {
            return site.skips() ? null : refusal(key, e);
        } catch (LockUnavailableException e) {
            return refusal(key, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(site.method() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Refusal.unavailable("interrupted while waiting for lock '" + key + "'", null);
        } catch (RuntimeException | Error e) {
            return unexpected("taking lock '" + key + "'", " for " + site, e);
        } finally {
            if (!handedOver) {
                if (permitted) {
                    queue.exit();
                }
                queues.leave(key, queue);
            }
        }
    }

    private static Frame find(ArrayDeque<Frame> active, String key) {
        for (Frame frame : active) {
            if (frame.key().equals(key)) {
                return frame;
            }
        }
        return null;
    }

    @Override
    public Object exit(Object handle) {
        if (!(handle instanceof Frame frame)) {
            return null;
        }
        frames.get().removeFirstOccurrence(frame);
        if (frame.isReentry()) {
            return null;
        }
        try {
            inOwnContext(RELEASE, null, null, frame.lock());
            return null;
        } catch (LockLostException e) {
            return refusal(frame.key(), e);
        } catch (RuntimeException | Error e) {
            // The body's work is done; the lease expires on its own if the release did not go out.
            report.warning("releasing lock '" + frame.key() + "' failed unexpectedly", e);
            return null;
        } finally {
            // Only now may the next thread of this JVM try: the runtime would count the key as still held here.
            frame.queue().exit();
            queues.leave(frame.key(), frame.queue());
        }
    }

    @Override
    public Object current() {
        return frames.get().peekFirst();
    }

    @Override
    public String key(Object lock) {
        return handle(lock).lock().key();
    }

    @Override
    public long fence(Object lock) {
        return handle(lock).lock().fence();
    }

    @Override
    public boolean isHeld(Object lock) {
        return handle(lock).lock().isHeld();
    }

    private static LockHandle handle(Object lock) {
        if (lock instanceof LockHandle handle) {
            return handle;
        }
        throw new IllegalArgumentException("not a lock handle of this agent: " + lock);
    }

    @Override
    public Object acquire(String key, long waitNanos) {
        try {
            Duration wait = Duration.ofNanos(Math.max(0, waitNanos));
            ManualLock handle = new ManualLock(inOwnContext(ACQUIRE, key, wait, null));
            manual.put(key, handle);
            return handle;
        } catch (LockNotAcquiredException | LockUnavailableException e) {
            return refusal(key, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException | Error e) {
            return unexpected(MANAGER, "", e);
        }
    }

    @Override
    public Object close(Object lock) {
        if (!(lock instanceof ManualLock handle)) {
            // The lock of an annotated method: its own exit releases it.
            return null;
        }
        manual.remove(handle.lock().key(), handle);
        try {
            inOwnContext(RELEASE, null, null, handle.lock());
            return null;
        } catch (LockLostException e) {
            return refusal(handle.lock().key(), e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return unexpected(MANAGER, "", e);
        }
    }

    @Override
    public Object release(String key) {
        ManualLock handle = manual.get(key);
        return handle == null ? null : close(handle);
    }

    @Override
    public Object awaitReady() {
        try {
            inOwnContext(START, null, null, null);
            return null;
        } catch (LockUnavailableException e) {
            return refusal(null, e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return unexpected(MANAGER, "", e);
        }
    }

    /** Closes the manager at shutdown, releasing held locks within the runtime's bound. */
    void shutdown() {
        try {
            inOwnContext(CLOSE, null, null, null);
        } catch (RuntimeException | Error e) {
            report.warning("closing the lock manager at shutdown failed", e);
        }
    }

    /**
     * The one way into the runtime: makes {@code call} with the agent's loader as the thread's
     * context loader, so that the SDK never sees the application's, and then restores the
     * caller's. A switch rather than a lambda, so that a woven call allocates nothing here.
     *
     * @param call  {@link #ACQUIRE} ({@code key} for {@code wait}), {@link #RELEASE} ({@code lock}),
     *              {@link #START} or {@link #CLOSE} (the manager)
     * @return the lock that {@link #ACQUIRE} took; {@code null} for the other calls
     */
    private Lock inOwnContext(int call, String key, Duration wait, Lock lock) {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(ownLoader);
        try {
            switch (call) {
                case ACQUIRE:
                    return manager.await().acquire(key, wait);
                case RELEASE:
                    lock.close();
                    return null;
                case START:
                    manager.await().start();
                    return null;
                default:
                    manager.close();
                    return null;
            }
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    /**
     * @param key     the key that was asked for (a busy refusal names it)
     * @param failure what the runtime threw: {@link LockNotAcquiredException},
     *                {@link LockLostException} or {@link LockUnavailableException}
     * @return the refusal that the woven code turns back into that exception
     */
    private static Map<String, Object> refusal(String key, DynamoLockException failure) {
        if (failure instanceof LockNotAcquiredException busy) {
            return Refusal.busy(key, busy.holder().orElse(null),
                    busy.holderLeaseExpiry().map(Instant::toEpochMilli).orElse(null));
        }
        if (failure instanceof LockLostException lost) {
            return Refusal.lost(lost.key(), lost.fence(), lost.reason().name());
        }
        return Refusal.unavailable(failure.getMessage(), Detached.of(failure.getCause()));
    }

    /**
     * Reports a failure the runtime does not declare and refuses with it.
     *
     * @param what  what failed, for the report and the refusal
     * @param where where it was called from, for the report only
     * @return an unavailable refusal carrying a detached copy of the failure
     */
    private Map<String, Object> unexpected(String what, String where, Throwable failure) {
        report.warning(what + where + " failed unexpectedly", failure);
        return Refusal.unavailable(what + " failed unexpectedly: " + failure, Detached.of(failure));
    }

    /** A thread's active calls, created on its first call; a named class, to keep premain off lambdas. */
    private static final class ActiveCalls extends ThreadLocal<ArrayDeque<Frame>> {
        @Override
        protected ArrayDeque<Frame> initialValue() {
            return new ArrayDeque<>(4);
        }
    }
}
