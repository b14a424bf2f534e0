package io.dynamolock.agent.internal;

import io.dynamolock.Lock;

/** A lock the application took itself through {@code DynamoLock.manager()}. */
final class ManualLock implements LockHandle {
    private final Lock lock;

    ManualLock(Lock lock) {
        this.lock = lock;
    }

    @Override
    public Lock lock() {
        return lock;
    }
}
