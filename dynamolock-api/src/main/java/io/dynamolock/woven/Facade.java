package io.dynamolock.woven;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.Lock;
import java.util.Optional;

/**
 * What {@link io.dynamolock.DynamoLock} delegates to. Not API: used by the facade.
 */
public final class Facade {

    private Facade() {
    }

    /**
     * @return an adapter over the agent's lock manager
     * @throws IllegalStateException when the agent is not running in this JVM
     */
    public static DistributedLockManager manager() {
        if (!BridgeAccess.PRESENT) {
            throw new IllegalStateException("DynamoLock.manager(): " + BridgeAccess.PROBLEM);
        }
        return BridgedLockManager.INSTANCE;
    }

    /**
     * @return the innermost lock that the calling thread holds through {@code @DynamoLocked}, or
     *     empty (also when the agent is not running)
     */
    public static Optional<Lock> current() {
        if (!BridgeAccess.PRESENT) {
            return Optional.empty();
        }
        Object handle;
        try {
            handle = (Object) BridgeAccess.CURRENT.invokeExact();
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
        return handle == null ? Optional.empty() : Optional.of(new BridgedLock(handle, false));
    }
}
