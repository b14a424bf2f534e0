package io.dynamolock.woven;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.Lock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The api's {@link DistributedLockManager} over the agent's manager, reached through the
 * bootstrap bridge: the runtime's own classes never reach the application. Not API.
 */
final class BridgedLockManager implements DistributedLockManager {

    /** The one adapter: it holds no state, the agent's manager does. */
    static final BridgedLockManager INSTANCE = new BridgedLockManager();

    private BridgedLockManager() {
    }

    @Override
    public void start() {
        Object answer;
        try {
            answer = (Object) BridgeAccess.AWAIT_READY.invokeExact();
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
        if (answer != null) {
            throw BridgeAnswers.exception(answer);
        }
    }

    @Override
    public boolean acquireLock(String key) {
        return tryAcquire(key, Duration.ZERO).isPresent();
    }

    @Override
    public void releaseLock(String key) {
        Object answer;
        try {
            answer = (Object) BridgeAccess.RELEASE.invokeExact(key);
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
        if (answer != null) {
            throw BridgeAnswers.exception(answer);
        }
    }

    @Override
    public Optional<Lock> tryAcquire(String key, Duration wait) {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait " + wait + " is negative; expected zero or more");
        }
        long waitNanos = wait.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : wait.toNanos();
        Object answer;
        try {
            answer = (Object) BridgeAccess.ACQUIRE.invokeExact(key, waitNanos);
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
        if (BridgeAnswers.isBusy(answer)) {
            return Optional.empty();
        }
        if (BridgeAnswers.isRefusal(answer)) {
            throw BridgeAnswers.exception(answer);
        }
        return Optional.of(new BridgedLock(answer, true));
    }

    /**
     * Does nothing: annotated methods share this manager, so the agent keeps it until the JVM
     * shuts down, and then releases every held lock.
     */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "DynamoLock agent's lock manager";
    }
}
