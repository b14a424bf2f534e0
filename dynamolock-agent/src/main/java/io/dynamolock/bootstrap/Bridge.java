package io.dynamolock.bootstrap;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The static entry points that the api-side helpers call, by name, through the bootstrap
 * loader. Each delegates to the {@link BridgeTarget} that the agent installed at start-up.
 *
 * <p>The installed target is the agent's one piece of static mutable state, and it has to be:
 * it is the only way from a class in any loader to the agent's isolated loader. It is set once.
 */
public final class Bridge {

    /** The agent's implementation; empty until premain installs it. */
    private static final AtomicReference<BridgeTarget> TARGET = new AtomicReference<>();

    private Bridge() {
    }

    /**
     * Installs the agent's implementation. Only the first call wins, so a second copy of the
     * agent (attached twice) cannot take over the locks of the first.
     *
     * @param target the implementation
     * @return {@code true} when it was installed; {@code false} when one was already there
     */
    public static boolean install(BridgeTarget target) {
        return TARGET.compareAndSet(null, target);
    }

    /** @return whether an agent installed its implementation */
    public static boolean isInstalled() {
        return TARGET.get() != null;
    }

    /**
     * @param site the woven call site
     * @param key  the rendered key
     * @return see {@link BridgeTarget#enter(int, String)}
     */
    public static Object enter(int site, String key) {
        BridgeTarget t = TARGET.get();
        return t == null ? notStarted() : t.enter(site, key);
    }

    /**
     * @param handle what {@link #enter(int, String)} returned
     * @return see {@link BridgeTarget#exit(Object)}
     */
    public static Object exit(Object handle) {
        BridgeTarget t = TARGET.get();
        return t == null ? null : t.exit(handle);
    }

    /** @return see {@link BridgeTarget#current()} */
    public static Object current() {
        BridgeTarget t = TARGET.get();
        return t == null ? null : t.current();
    }

    /**
     * @param lock a lock handle
     * @return its key
     */
    public static String key(Object lock) {
        return target().key(lock);
    }

    /**
     * @param lock a lock handle
     * @return its fencing token
     */
    public static long fence(Object lock) {
        return target().fence(lock);
    }

    /**
     * @param lock a lock handle
     * @return whether its lease is still held
     */
    public static boolean isHeld(Object lock) {
        return target().isHeld(lock);
    }

    /**
     * @param key       the lock key
     * @param waitNanos how long to wait while it is busy
     * @return see {@link BridgeTarget#acquire(String, long)}
     */
    public static Object acquire(String key, long waitNanos) {
        BridgeTarget t = TARGET.get();
        return t == null ? notStarted() : t.acquire(key, waitNanos);
    }

    /**
     * @param lock a lock handle
     * @return see {@link BridgeTarget#close(Object)}
     */
    public static Object close(Object lock) {
        return target().close(lock);
    }

    /**
     * @param key the lock key
     * @return see {@link BridgeTarget#release(String)}
     */
    public static Object release(String key) {
        BridgeTarget t = TARGET.get();
        return t == null ? null : t.release(key);
    }

    /** @return see {@link BridgeTarget#awaitReady()} */
    public static Object awaitReady() {
        BridgeTarget t = TARGET.get();
        return t == null ? notStarted() : t.awaitReady();
    }

    private static BridgeTarget target() {
        BridgeTarget t = TARGET.get();
        if (t == null) {
            // Only reachable with a handle, which only an installed target hands out.
            throw new IllegalStateException("the DynamoLock agent is not started");
        }
        return t;
    }

    private static Object notStarted() {
        return Refusal.unavailable("the DynamoLock agent is on the bootstrap class path but did not start;"
                + " see its start-up message on standard error", null);
    }
}
