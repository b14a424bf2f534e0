package io.dynamolock;

/**
 * The lock service could not answer: bad configuration, the table missing and not provisioned,
 * DynamoDB unreachable or throttled past retries, the runtime not started in time, or an
 * annotation that could not be woven. The lock was not taken and the method body did not run.
 */
public class LockUnavailableException extends DynamoLockException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was unavailable and why
     */
    public LockUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what was unavailable and why
     * @param cause   the underlying failure
     */
    public LockUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
