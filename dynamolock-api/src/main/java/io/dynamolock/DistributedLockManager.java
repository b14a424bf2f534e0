package io.dynamolock;

import java.time.Duration;
import java.util.Optional;

/**
 * A manager of cluster-wide locks. Ownership belongs to the manager (the node): a key held by
 * this manager is busy for every caller, this manager included.
 */
public interface DistributedLockManager extends AutoCloseable {

    /**
     * Makes the manager ready: checks the lock table, creating it when configured to, and starts
     * the heartbeat. Blocks until ready.
     *
     * @throws LockUnavailableException when the table is missing and not provisioned, has the
     *     wrong key schema, or DynamoDB cannot be reached
     */
    void start();

    /**
     * Tries once to take the lock for {@code key}.
     *
     * @param key the lock key, 1 to 2048 UTF-8 bytes
     * @return {@code true} when this manager now holds the key; {@code false} when it is held,
     *     by another node or by this one
     * @throws IllegalArgumentException when the key is empty or too long (before any request)
     * @throws LockUnavailableException when DynamoDB could not answer
     */
    boolean acquireLock(String key);

    /**
     * Releases a lock taken with {@link #acquireLock(String)}. Does nothing when this manager
     * does not hold {@code key}.
     *
     * @param key the lock key
     * @throws LockLostException when the lock had been lost before it was released
     */
    void releaseLock(String key);

    /**
     * Takes the lock for {@code key}, waiting up to {@code wait} while it is busy.
     *
     * @param key  the lock key, 1 to 2048 UTF-8 bytes
     * @param wait how long to keep trying; {@link Duration#ZERO} tries once
     * @return the held lock, or empty when the key stayed busy for the whole wait
     * @throws IllegalArgumentException when the key is empty or too long (before any request)
     * @throws LockUnavailableException when DynamoDB could not answer
     */
    Optional<Lock> tryAcquire(String key, Duration wait);

    /**
     * Stops renewing, releases every held lock within a bounded time and frees the client.
     * Idempotent.
     */
    @Override
    void close();
}
