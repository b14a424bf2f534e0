package io.dynamolock.runtime;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.Lock;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A lock manager for one node (one owner id), as the agent drives it: besides the
 * {@link DistributedLockManager} calls, it says why a lock was not taken and can start in the
 * background. {@link #create(LockSettings)} chooses the store that {@code dynamolock.store} names.
 */
public interface NodeLockManager extends DistributedLockManager {

    /**
     * Creates the manager the settings ask for; it still has to be started.
     *
     * @param settings validated settings
     * @return a {@link DynamoDbLockManager}, or an {@link InMemoryLockManager} for {@code store=memory}
     */
    static NodeLockManager create(LockSettings settings) {
        return switch (settings.store()) {
            case DYNAMODB -> DynamoDbLockManager.builder().settings(settings).build();
            case MEMORY -> new InMemoryLockManager(settings.owner());
        };
    }

    /** Tries once: the seed's {@code AcquireLock}. */
    @Override
    default boolean acquireLock(String key) {
        return tryAcquire(key, Duration.ZERO).isPresent();
    }

    /** @return this manager's owner id */
    String owner();

    /**
     * Starts the manager without blocking. Calls made meanwhile wait for it, up to
     * {@code dynamolock.startTimeout} on top of their own wait.
     *
     * @return completes when the manager is ready, or exceptionally when it cannot start
     */
    CompletableFuture<Void> startInBackground();

    /**
     * Takes the lock for {@code key}, waiting up to {@code wait} while it is busy.
     *
     * @param key  the lock key, 1 to 2048 UTF-8 bytes
     * @param wait how long to keep trying; zero tries once
     * @return the held lock
     * @throws LockNotAcquiredException naming the holder, when the key stayed busy for the whole wait
     * @throws LockUnavailableException when the store could not answer
     * @throws IllegalArgumentException when the key is not acceptable
     */
    Lock acquire(String key, Duration wait);
}
