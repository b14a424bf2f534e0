package io.dynamolock.runtime;

import io.dynamolock.LockLostException;
import io.dynamolock.LockLostException.Reason;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
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
    private final Readiness readiness;
    private final Host host;

    Releaser(LockProtocol protocol, Heartbeat heartbeat, Map<String, HeldLock> held, Readiness readiness, Host host) {
        this.protocol = protocol;
        this.heartbeat = heartbeat;
        this.held = held;
        this.readiness = readiness;
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
            held.remove(lock.key(), lock);
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
            retryInBackground(lock);
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Frees a lock that was never handed out; a failure only leaves it to expire. */
    void releaseQuietly(HeldLock lock) {
        try {
            protocol.release(lock.key(), lock.fence());
        } catch (SdkException e) {
            LOG.log(Level.DEBUG, "could not release ''{0}'': {1}; it expires after its lease",
                    Keys.printable(lock.key()), e.getMessage());
        }
    }

    private void retryInBackground(HeldLock lock) {
        try {
            heartbeat.workers().execute(() -> {
                Backoff backoff = new Backoff(200, 2000, host);
                for (int i = 0; i < BACKGROUND_RETRIES && !readiness.isClosed(); i++) {
                    try {
                        host.sleep(TimeUnit.MILLISECONDS.toNanos(backoff.nextMillis()));
                        protocol.release(lock.key(), lock.fence());
                        return;
                    } catch (SdkException e) {
                        LOG.log(Level.DEBUG, "release retry of ''{0}'' failed: {1}", Keys.printable(lock.key()),
                                e.getMessage());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                gaveUp(lock);
            });
        } catch (RejectedExecutionException e) {
            gaveUp(lock);
        }
    }

    private static void gaveUp(HeldLock lock) {
        LOG.log(Level.WARNING, "could not release ''{0}''; it expires after its lease", Keys.printable(lock.key()));
    }
}
