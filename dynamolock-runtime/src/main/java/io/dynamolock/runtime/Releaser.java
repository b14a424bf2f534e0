package io.dynamolock.runtime;

import io.dynamolock.LockLostException;
import io.dynamolock.LockLostException.Reason;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Releases held locks. Renewal stops before the request goes out. A failed condition means the
 * lock had been lost ({@link LockLostException}); an I/O failure is retried in the background a
 * few times and otherwise left to expire, without failing the caller, whose work completed under
 * the lock.
 */
final class Releaser {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");
    private static final int BACKGROUND_RETRIES = 3;

    private final LockProtocol protocol;
    private final Heartbeat heartbeat;
    private final Map<String, HeldLock> held;
    private final Host host;

    Releaser(LockProtocol protocol, Heartbeat heartbeat, Map<String, HeldLock> held, Host host) {
        this.protocol = protocol;
        this.heartbeat = heartbeat;
        this.held = held;
        this.host = host;
    }

    /**
     * Releases {@code lock}, once: later calls do nothing.
     *
     * @throws LockLostException when the lock had been lost before or is found lost by the release
     */
    void release(HeldLock lock) {
        Reason lostBefore = lock.lostReason();
        if (!lock.markReleased()) {
            return;
        }
        try {
            heartbeat.untrack(lock);
            if (lostBefore == Reason.STOLEN) {
                throw new LockLostException(lock.key(), lock.fence(), lostBefore);
            }
            if (!send(lock) && lostBefore == null) {
                LOG.log(Level.WARNING, "lock ''{0}'' (owner {1}, fence {2}) lost: STOLEN (found at release)",
                        Keys.printable(lock.key()), protocol.owner(), Long.toString(lock.fence()));
                throw new LockLostException(lock.key(), lock.fence(), Reason.STOLEN);
            }
            if (lostBefore != null) {
                throw new LockLostException(lock.key(), lock.fence(), lostBefore);
            }
        } finally {
            // Only now: while the request is out, the key still counts as this manager's, and close()
            // still waits for it before it stops the pools and closes the client.
            held.remove(lock.key(), lock);
            lock.releaseSent();
        }
    }

    /** @return {@code false} when the release's condition failed: the lock had been lost */
    private boolean send(HeldLock lock) {
        // The SDK refuses to send from an interrupted thread; a release must go out all the same.
        boolean interrupted = Thread.interrupted();
        try {
            return protocol.release(lock.key(), lock.fence());
        } catch (SdkException e) {
            LOG.log(Level.WARNING, "release of ''{0}'' failed, retrying in the background: {1}",
                    Keys.printable(lock.key()), e.getMessage());
            retry(lock, new Backoff(200, 2000, host), BACKGROUND_RETRIES);
            return true;
        } catch (RuntimeException e) {
            // Not an answer from DynamoDB (a client closed under it): nothing to retry with.
            LOG.log(Level.WARNING, "release of ''{0}'' could not be sent ({1}); it expires after its lease",
                    Keys.printable(lock.key()), e.toString());
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Frees a lock that was never handed out; a failure only leaves it to expire. */
    void releaseQuietly(HeldLock lock) {
        boolean interrupted = Thread.interrupted();
        try {
            protocol.release(lock.key(), lock.fence());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not release ''{0}'': {1}; it expires after its lease",
                    Keys.printable(lock.key()), e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Tries the release again after a backoff, waiting on the heartbeat's timer, not on a pool thread. */
    private void retry(HeldLock lock, Backoff backoff, int left) {
        boolean scheduled = heartbeat.later(TimeUnit.MILLISECONDS.toNanos(backoff.nextMillis()), () -> {
            try {
                protocol.release(lock.key(), lock.fence());
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "release retry of ''{0}'' failed: {1}", Keys.printable(lock.key()),
                        e.getMessage());
                if (left > 1 && e instanceof SdkException) {
                    retry(lock, backoff, left - 1);
                } else {
                    gaveUp(lock);
                }
            }
        });
        if (!scheduled) {
            gaveUp(lock);
        }
    }

    private static void gaveUp(HeldLock lock) {
        LOG.log(Level.WARNING, "could not release ''{0}''; it expires after its lease", Keys.printable(lock.key()));
    }
}
