package io.dynamolock.woven;

import io.dynamolock.Lock;

/**
 * An api {@link Lock} over a lock handle of the agent's bridge. Not API.
 */
final class BridgedLock implements Lock {
    private final Object handle;
    private final boolean closeable;

    /**
     * @param handle    the bridge's lock handle
     * @param closeable {@code false} for the lock of an annotated method, which that method's own
     *                  exit releases: closing it from the body does nothing
     */
    BridgedLock(Object handle, boolean closeable) {
        this.handle = handle;
        this.closeable = closeable;
    }

    @Override
    public String key() {
        try {
            return (String) BridgeAccess.KEY.invokeExact(handle);
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
    }

    @Override
    public long fence() {
        try {
            return (long) BridgeAccess.FENCE.invokeExact(handle);
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
    }

    @Override
    public boolean isHeld() {
        try {
            return (boolean) BridgeAccess.IS_HELD.invokeExact(handle);
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
    }

    @Override
    public void close() {
        if (!closeable) {
            return;
        }
        Object answer;
        try {
            answer = (Object) BridgeAccess.CLOSE.invokeExact(handle);
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
        if (answer != null) {
            throw BridgeAnswers.exception(answer);
        }
    }

    @Override
    public String toString() {
        return "Lock{key=" + key() + ", fence=" + fence() + ", held=" + isHeld() + "}";
    }
}
