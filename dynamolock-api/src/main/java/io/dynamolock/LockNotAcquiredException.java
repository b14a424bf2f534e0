package io.dynamolock;

import java.time.Instant;
import java.util.Optional;

/**
 * Another owner held the key for the whole wait. The method body did not run.
 */
public class LockNotAcquiredException extends DynamoLockException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String holder;
    private final Instant holderLeaseExpiry;

    /**
     * @param key               the lock key that was busy
     * @param holder            owner id of the holder, or {@code null} when it could not be read
     * @param holderLeaseExpiry the holder's lease expiry as it wrote it, or {@code null} when unknown
     */
    public LockNotAcquiredException(String key, String holder, Instant holderLeaseExpiry) {
        super(describe(key, holder, holderLeaseExpiry));
        this.key = key;
        this.holder = holder;
        this.holderLeaseExpiry = holderLeaseExpiry;
    }

    private static String describe(String key, String holder, Instant expiry) {
        return "lock '" + key + "' is held by " + (holder == null ? "another owner" : "'" + holder + "'")
                + (expiry == null ? "" : " (lease expires " + expiry + ")");
    }

    /** @return the lock key that was busy */
    public String key() {
        return key;
    }

    /** @return the owner id of the holder, when it was known */
    public Optional<String> holder() {
        return Optional.ofNullable(holder);
    }

    /** @return the holder's lease expiry on the holder's clock, when it was known */
    public Optional<Instant> holderLeaseExpiry() {
        return Optional.ofNullable(holderLeaseExpiry);
    }
}
