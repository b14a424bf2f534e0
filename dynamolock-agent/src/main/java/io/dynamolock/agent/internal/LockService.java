package io.dynamolock.agent.internal;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.bootstrap.BridgeTarget;
import io.dynamolock.bootstrap.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The agent's side of the bootstrap bridge: per-thread re-entrancy, in-memory queues per key,
 * then the runtime's manager. Speaks JDK types only to the bridge, and never throws into woven
 * code except {@link IllegalArgumentException} for a key the runtime rejects.
 */
final class LockService implements BridgeTarget {
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
            Frame nested = outer.reentry();
            active.push(nested);
            return nested;
        }
        KeyQueues.Queue queue = queues.join(key);
        boolean permitted = false;
        boolean handedOver = false;
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
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
            thread.setContextClassLoader(ownLoader);
            Lock lock = manager.await().acquire(key, left);
            Frame frame = Frame.outer(key, lock, queue);
            active.push(frame);
            handedOver = true;
            return frame;
        } catch (LockNotAcquiredException e) {
            return site.skips() ? null : Refusal.busy(key, e.holder().orElse(null),
                    e.holderLeaseExpiry().map(Instant::toEpochMilli).orElse(null));
        } catch (LockUnavailableException e) {
            return Refusal.unavailable(e.getMessage(), Detached.of(e.getCause()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(site.method() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            thread.interrupt();
            return Refusal.unavailable("interrupted while waiting for lock '" + key + "'", null);
        } catch (RuntimeException | Error e) {
            report.warning("taking lock '" + key + "' for " + site + " failed unexpectedly", e);
            return Refusal.unavailable("taking lock '" + key + "' failed unexpectedly: " + e, Detached.of(e));
        } finally {
            thread.setContextClassLoader(context);
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
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(ownLoader);
            frame.lock().close();
            return null;
        } catch (LockLostException e) {
            return Refusal.lost(e.key(), e.fence(), e.reason().name());
        } catch (RuntimeException | Error e) {
            // The body's work is done; the lease expires on its own if the release did not go out.
            report.warning("releasing lock '" + frame.key() + "' failed unexpectedly", e);
            return null;
        } finally {
            thread.setContextClassLoader(context);
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
        return withOwnContext(() -> {
            try {
                Lock lock = manager.await().acquire(key, Duration.ofNanos(Math.max(0, waitNanos)));
                ManualLock handle = new ManualLock(lock);
                manual.put(key, handle);
                return handle;
            } catch (LockNotAcquiredException e) {
                return Refusal.busy(key, e.holder().orElse(null),
                        e.holderLeaseExpiry().map(Instant::toEpochMilli).orElse(null));
            } catch (LockUnavailableException e) {
                return Refusal.unavailable(e.getMessage(), Detached.of(e.getCause()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    @Override
    public Object close(Object lock) {
        if (!(lock instanceof ManualLock handle)) {
            // The lock of an annotated method: its own exit releases it.
            return null;
        }
        manual.remove(handle.lock().key(), handle);
        return withOwnContext(() -> {
            try {
                handle.lock().close();
                return null;
            } catch (LockLostException e) {
                return Refusal.lost(e.key(), e.fence(), e.reason().name());
            }
        });
    }

    @Override
    public Object release(String key) {
        ManualLock handle = manual.get(key);
        return handle == null ? null : close(handle);
    }

    @Override
    public Object awaitReady() {
        return withOwnContext(() -> {
            try {
                manager.await().start();
                return null;
            } catch (LockUnavailableException e) {
                return Refusal.unavailable(e.getMessage(), Detached.of(e.getCause()));
            }
        });
    }

    /** Runs runtime code with the agent's loader as context loader, so the SDK never sees the application's. */
    private Object withOwnContext(Supplier<Object> action) {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(ownLoader);
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            report.warning("the lock manager failed unexpectedly", e);
            return Refusal.unavailable("the lock manager failed unexpectedly: " + e, Detached.of(e));
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    /** Closes the manager at shutdown, releasing held locks within the runtime's bound. */
    void shutdown() {
        Thread thread = Thread.currentThread();
        thread.setContextClassLoader(ownLoader);
        try {
            manager.close();
        } catch (RuntimeException | Error e) {
            report.warning("closing the lock manager at shutdown failed", e);
        }
    }

    /** A thread's active calls, created on its first call; a named class, to keep premain off lambdas. */
    private static final class ActiveCalls extends ThreadLocal<ArrayDeque<Frame>> {
        @Override
        protected ArrayDeque<Frame> initialValue() {
            return new ArrayDeque<>(4);
        }
    }
}
