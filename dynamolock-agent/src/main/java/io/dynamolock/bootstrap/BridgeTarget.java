package io.dynamolock.bootstrap;

/**
 * What the agent provides behind {@link Bridge}. Implemented inside the agent's isolated loader;
 * every parameter and answer is a JDK type, so that no class of the agent ever reaches the
 * application.
 *
 * <p>An <em>answer</em> is either a value (a lock handle, {@code null}) or a refusal built by
 * {@link Refusal}: a {@code java.util.Map} that the api side turns into its own exception.
 * Implementations never throw, except {@link IllegalArgumentException} for a key the service
 * rejects before any request.
 */
public interface BridgeTarget {

    /**
     * Takes the lock of a woven call site.
     *
     * @param site the call site's id, fixed when its method was woven
     * @param key  the rendered lock key
     * @return a handle to pass to {@link #exit(Object)}; {@code null} when the site skips its body
     *     because the key stayed busy; or a refusal (busy, unavailable, lost)
     * @throws IllegalArgumentException when the key is empty or too long (before any request)
     */
    Object enter(int site, String key);

    /**
     * Releases what {@link #enter(int, String)} took.
     *
     * @param handle the handle {@code enter} returned
     * @return {@code null}, or a refusal of kind {@link Refusal#LOST} when the lease had been lost
     */
    Object exit(Object handle);

    /** @return the calling thread's innermost lock taken at a woven call site, or {@code null} */
    Object current();

    /**
     * @param lock a lock handle
     * @return its key
     */
    String key(Object lock);

    /**
     * @param lock a lock handle
     * @return its fencing token
     */
    long fence(Object lock);

    /**
     * @param lock a lock handle
     * @return whether its lease is still held
     */
    boolean isHeld(Object lock);

    /**
     * Takes a lock for the application's own use ({@code DynamoLock.manager()}).
     *
     * @param key       the lock key
     * @param waitNanos how long to wait while it is busy; 0 tries once
     * @return a lock handle, or a refusal (busy, unavailable)
     * @throws IllegalArgumentException when the key is empty or too long (before any request)
     */
    Object acquire(String key, long waitNanos);

    /**
     * Releases a lock taken with {@link #acquire(String, long)}; idempotent.
     *
     * @param lock the lock handle
     * @return {@code null}, or a refusal of kind {@link Refusal#LOST}
     */
    Object close(Object lock);

    /**
     * Releases the lock for {@code key} taken with {@link #acquire(String, long)}, if any.
     *
     * @param key the lock key
     * @return {@code null}, or a refusal of kind {@link Refusal#LOST}
     */
    Object release(String key);

    /**
     * Waits until the lock service is ready.
     *
     * @return {@code null}, or a refusal of kind {@link Refusal#UNAVAILABLE}
     */
    Object awaitReady();
}
