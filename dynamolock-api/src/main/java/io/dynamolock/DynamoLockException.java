package io.dynamolock;

/**
 * Root of every exception DynamoLock throws. All are unchecked: a lock failure is a failure of
 * the call, not a condition the caller is forced to handle at each site.
 */
public class DynamoLockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the key or setting involved
     */
    public DynamoLockException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the key or setting involved
     * @param cause   the underlying failure
     */
    public DynamoLockException(String message, Throwable cause) {
        super(message, cause);
    }
}
