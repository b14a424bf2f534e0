package io.dynamolock.runtime;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import java.util.Optional;

/** A lock held on a lease, which can be lost while its holder still works under it. */
public interface LeasedLock extends Lock {

    /** @return why the lock was lost, or empty while it was not (released locks included) */
    Optional<LockLostException.Reason> loss();
}
