package io.dynamolock;

/** What an annotated method does when its lock stays busy for the whole {@code waitFor}. */
public enum OnLocked {
    /** Throw {@link LockNotAcquiredException}; the body does not run. */
    FAIL,
    /**
     * Return without running the body: {@code null}, zero, {@code false},
     * {@link java.util.Optional#empty()}, or an already completed future of {@code null},
     * according to the method's return type.
     */
    SKIP
}
