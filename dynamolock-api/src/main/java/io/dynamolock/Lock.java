package io.dynamolock;

/**
 * A lock held by this node. Closing it releases it.
 *
 * <p>Use the {@linkplain #fence() fencing token} to guard downstream writes: a write that
 * carries a lower fence than the last one accepted comes from a holder whose lease lapsed.
 */
public interface Lock extends AutoCloseable {

    /** @return the lock key */
    String key();

    /**
     * @return the fencing token: strictly greater on every successful acquire of this key,
     *     across every node, never reset
     */
    long fence();

    /**
     * @return {@code true} while the lease is held and renewed; {@code false} once released, or
     *     once it was lost (taken over, or not renewed within the lease on this node's clock)
     */
    boolean isHeld();

    /**
     * Releases the lock. Idempotent.
     *
     * @throws LockLostException when the lock had been lost before it was released, so the work
     *     done under it may have overlapped with another holder's
     */
    @Override
    void close();
}
