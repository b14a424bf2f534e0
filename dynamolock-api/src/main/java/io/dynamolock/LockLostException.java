package io.dynamolock;

/**
 * The lease was lost while the holder believed it held the lock: it was taken over by another
 * owner, or could not be renewed in time. Work done under the lock after the loss may have
 * overlapped with another holder; downstream writes guarded by the fencing token are refused.
 *
 * <p>Thrown at the exit of an annotated method that returned normally; added as a suppressed
 * exception when the method threw its own.
 */
public class LockLostException extends DynamoLockException {
    private static final long serialVersionUID = 1L;

    /** Why a lock counts as lost. */
    public enum Reason {
        /** A renewal or release found another owner or a newer fence on the item. */
        STOLEN,
        /** No renewal succeeded within the lease (less the allowed clock skew) on the holder's own clock. */
        EXPIRED
    }

    private final String key;
    private final long fence;
    private final Reason reason;

    /**
     * @param key    the lock key
     * @param fence  the fencing token the holder had
     * @param reason why the lock counts as lost
     */
    public LockLostException(String key, long fence, Reason reason) {
        super("lock '" + key + "' (fence " + fence + ") was lost: "
                + (reason == Reason.STOLEN ? "another owner took it over" : "its lease could not be renewed in time"));
        this.key = key;
        this.fence = fence;
        this.reason = reason;
    }

    /** @return the lock key */
    public String key() {
        return key;
    }

    /** @return the fencing token the holder had */
    public long fence() {
        return fence;
    }

    /** @return why the lock counts as lost */
    public Reason reason() {
        return reason;
    }
}
