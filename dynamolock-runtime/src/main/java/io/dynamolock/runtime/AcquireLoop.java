package io.dynamolock.runtime;

import io.dynamolock.Lock;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Takes locks: tries, and while the key is busy waits (capped exponential backoff with jitter,
 * but never past the moment the holder's lease runs out as this node can tell) and tries again
 * until the caller's wait is over. I/O failures, timeouts, throttling and server errors are
 * retried within the wait; a request DynamoDB refuses for good fails at once. A table that
 * vanished under a running manager is checked (and created) again, once per call.
 */
final class AcquireLoop {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");
    private static final long BACKOFF_INITIAL_MILLIS = 50;

    /** What one wait ended with: a lock, or who held the key last (when known). */
    private record Attempt(HeldLock lock, LockItem holder, boolean heldHere) {
    }

    private final LockSettings settings;
    private final LockProtocol protocol;
    private final ClockSkewGuard guard;
    private final Observations observations;
    private final Heartbeat heartbeat;
    private final Readiness readiness;
    private final Releaser releaser;
    private final Map<String, HeldLock> held;
    private final Host host;
    private final LongSupplier nanoClock;
    private final ClockStepWatch steps;
    private final Runnable clockCheck;
    private final boolean observe;
    private final long backoffCapMillis;
    private final long safeLeaseNanos;
    private final Set<String> acquiring = ConcurrentHashMap.newKeySet();

    AcquireLoop(LockSettings settings, LockProtocol protocol, ClockSkewGuard guard, Heartbeat heartbeat,
                Readiness readiness, Releaser releaser, Map<String, HeldLock> held, Host host,
                ClockStepWatch steps) {
        this.settings = settings;
        this.protocol = protocol;
        this.guard = guard;
        this.heartbeat = heartbeat;
        this.readiness = readiness;
        this.releaser = releaser;
        this.held = held;
        this.host = host;
        this.steps = steps;
        this.clockCheck = steps::check;
        this.nanoClock = host::nanoTime;
        this.observe = settings.takeover() == LockSettings.Takeover.OBSERVE;
        this.observations = new Observations(settings.lease().toNanos());
        this.backoffCapMillis = Math.max(BACKOFF_INITIAL_MILLIS, Math.min(1000, settings.lease().toMillis() / 4));
        this.safeLeaseNanos = settings.lease().minus(settings.clockSkew()).toNanos();
    }

    /** @return the lock, or empty when the key stayed busy for the whole wait */
    Optional<Lock> tryAcquire(String key, Duration wait) {
        return Optional.ofNullable(acquireWithin(key, wait).lock);
    }

    /**
     * @return the lock
     * @throws LockNotAcquiredException naming the holder, when the key stayed busy for the whole wait
     */
    Lock acquire(String key, Duration wait) {
        Attempt result = acquireWithin(key, wait);
        if (result.lock != null) {
            return result.lock;
        }
        if (result.heldHere) {
            throw new LockNotAcquiredException(key, settings.owner(), null);
        }
        LockItem holder = result.holder != null ? result.holder : readQuietly(key);
        boolean known = holder != null && holder.isHeld();
        throw new LockNotAcquiredException(key, known ? holder.owner() : null,
                known ? Instant.ofEpochMilli(holder.expiresMs()) : null);
    }

    private LockItem readQuietly(String key) {
        try {
            return protocol.read(key);
        } catch (SdkException e) {
            return null;
        }
    }

    private Attempt acquireWithin(String key, Duration wait) {
        Keys.check(key);
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait " + wait + " is negative; expected zero or more");
        }
        long start = host.nanoTime();
        readiness.await(settings.startTimeout().plus(wait));
        long deadline = start + WaitBound.nanos(wait);
        Backoff backoff = new Backoff(BACKOFF_INITIAL_MILLIS, backoffCapMillis, host);
        boolean reprovisioned = false;
        SdkException lastFailure = null;
        Attempt last;
        while (true) {
            if (readiness.isClosed()) {
                throw new LockUnavailableException("lock manager is closed");
            }
            // A clock step since the guard last heard from DynamoDB makes what it knows stale: look first.
            steps.check();
            CompletableFuture<Void> readyBefore = readiness.current();
            try {
                if (guard.needsEvidence()) {
                    protocol.read(key); // one timed answer, so that the guard can judge this node's clock
                }
            } catch (SdkException e) {
                // judged below as no evidence: refused
            }
            guard.checkAcquire(key);
            try {
                last = attempt(key);
                lastFailure = null;
            } catch (ResourceNotFoundException e) {
                if (!settings.provision() || reprovisioned) {
                    throw new LockUnavailableException("lock table '" + settings.table() + "' does not exist"
                            + (settings.provision() ? " (it was created again, and vanished again)"
                                    : " and dynamolock.provision=false"), e);
                }
                // The table went away under a running manager (deleted, or a server that lost its state):
                // create it again, once per call, and try again at once.
                LOG.log(Level.WARNING, "lock table ''{0}'' is gone; creating it again", settings.table());
                readiness.recheck(readyBefore);
                reprovisioned = true;
                continue;
            } catch (SdkException e) {
                if (!worthRetrying(e)) {
                    throw new LockUnavailableException("DynamoDB refused the request for lock '" + Keys.printable(key)
                            + "': " + e.getMessage(), e);
                }
                lastFailure = e;
                last = null;
            }
            if (last != null && last.lock != null) {
                return last;
            }
            long left = deadline - host.nanoTime();
            if (left <= 0) {
                if (lastFailure != null) {
                    throw new LockUnavailableException("could not acquire lock '" + Keys.printable(key) + "': "
                            + (isThrottling(lastFailure) ? "DynamoDB throttled the requests past their retries ("
                                    : "DynamoDB did not answer (") + lastFailure.getMessage() + ")", lastFailure);
                }
                return last;
            }
            sleep(Math.min(pause(key, last, backoff), TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
    }

    /**
     * How long to wait before the next try: the backoff, but no longer than until the holder's
     * lease runs out as this node can tell (its written expiry plus the clock skew, or the
     * moment its version has been seen unchanged for the lease).
     */
    private long pause(String key, Attempt last, Backoff backoff) {
        long pause = backoff.nextMillis();
        if (observe) {
            long untilRipe = observations.nanosUntilRipe(key, host.nanoTime());
            if (untilRipe >= 0) {
                pause = Math.min(pause, TimeUnit.NANOSECONDS.toMillis(untilRipe) + 1);
            }
        } else if (last != null && last.holder != null && last.holder.isHeld()) {
            long untilExpired = last.holder.expiresMs() + settings.clockSkew().toMillis() + 1
                    - host.wallClock().millis();
            pause = Math.min(pause, Math.max(1, untilExpired));
        }
        return pause;
    }

    /** @return whether a failed call is worth trying again: I/O, timeouts, throttling, server errors */
    private static boolean worthRetrying(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException ase) {
            return ase.isThrottlingException() || ase.statusCode() >= 500;
        }
        return false;
    }

    private static boolean isThrottling(SdkException e) {
        return e instanceof AwsServiceException ase && ase.isThrottlingException();
    }

    private Attempt attempt(String key) {
        if (held.containsKey(key) || !acquiring.add(key)) {
            return new Attempt(null, null, true);
        }
        try {
            if (held.containsKey(key)) {
                return new Attempt(null, null, true);
            }
            long stepsBefore = steps.total();
            Observations.Seen takeOver = observe ? observations.ripe(key, host.nanoTime()) : null;
            LockProtocol.Acquire answer;
            try {
                answer = protocol.acquire(key, takeOver);
            } catch (SdkException e) {
                if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
                    throw abandon(key, e);
                }
                throw e;
            } catch (RuntimeException e) {
                if (readiness.isClosed()) {
                    // The client was closed under a request still out when close() stopped waiting for it.
                    throw new LockUnavailableException("lock manager is closed", e);
                }
                throw e;
            }
            if (answer instanceof LockProtocol.Acquired acquired) {
                return took(key, acquired, stepsBefore);
            }
            LockProtocol.Busy busy = (LockProtocol.Busy) answer;
            if (observe && busy.holder() != null && busy.holder().isHeld()) {
                observations.saw(key, busy.holder(), busy.seenAtNanos());
            }
            return new Attempt(null, busy.holder(), false);
        } finally {
            acquiring.remove(key);
        }
    }

    /**
     * The caller was interrupted while its request was out. The request may have been applied: free
     * the key now if so, and look once more after a request attempt's timeout, in case it lands late.
     * Runs while this thread holds the key's slot in {@link #acquiring}, as does the later look, so
     * that no other attempt of this manager can adopt the write meanwhile.
     *
     * @return the exception to throw; the thread's interrupt is set again
     */
    private LockUnavailableException abandon(String key, SdkException cause) {
        Thread.interrupted();
        try {
            protocol.releaseAbandoned(key);
        } catch (SdkException e) {
            LOG.log(Level.DEBUG, "could not check ''{0}'' after an interrupted acquire: {1}", Keys.printable(key),
                    e.getMessage());
        }
        lookAgainLater(key);
        Thread.currentThread().interrupt();
        return new LockUnavailableException("interrupted while acquiring lock '" + Keys.printable(key)
                + "'; the lock was not taken", cause);
    }

    private void lookAgainLater(String key) {
        long delayNanos = settings.requestAttemptTimeout().plusSeconds(1).toNanos();
        heartbeat.later(delayNanos, () -> {
            if (!acquiring.add(key)) {
                return; // another attempt is at it: it adopts the write if it finds it
            }
            try {
                if (!held.containsKey(key)) {
                    protocol.releaseAbandoned(key);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "could not check ''{0}'' after an interrupted acquire: {1}",
                        Keys.printable(key), e.getMessage());
            } finally {
                acquiring.remove(key);
            }
        });
    }

    /** @param stepsBefore the clock steps applied when the request went out: later ones are this lock's too */
    private Attempt took(String key, LockProtocol.Acquired acquired, long stepsBefore) {
        observations.forget(key);
        HeldLock lock = new HeldLock(key, acquired.fence(), settings.owner(), safeLeaseNanos,
                acquired.writeStartNanos(), nanoClock, clockCheck, releaser::release);
        if (!lock.isHeld()) {
            // An adopted attempt so old that its lease already ran out on this node's clock: free it and go on.
            LOG.log(Level.DEBUG, "lock ''{0}'' taken by an earlier attempt too long ago; releasing it",
                    Keys.printable(key));
            releaser.releaseQuietly(lock);
            return new Attempt(null, null, false);
        }
        LockUnavailableException refused = guard.refusal(key);
        if (refused != null) {
            // The answer that took the lock was the one to show this node's clock cannot be trusted.
            // Refused whatever the release's own answer then tells the guard: the lock is gone.
            releaser.releaseQuietly(lock);
            throw refused;
        }
        if (acquired.adopted()) {
            LOG.log(Level.DEBUG, "lock ''{0}'' was taken by an earlier attempt whose answer was lost; adopted",
                    Keys.printable(key));
        }
        held.put(key, lock);
        long missed = steps.total() - stepsBefore;
        if (missed > 0) {
            // A step (a suspend) while the request was out: the held locks were shortened, but not this one.
            lock.shorten(missed);
            if (!lock.isHeld()) {
                try {
                    releaser.release(lock);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "lock ''{0}'' ended by a clock step while it was being taken: {1}",
                            Keys.printable(key), e.getMessage());
                }
                return new Attempt(null, null, false);
            }
        }
        heartbeat.track(lock);
        if (readiness.isClosed()) {
            // close() began while this request was out and may not have seen this lock: nobody would renew it.
            try {
                releaser.release(lock);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, e.getMessage());
            }
            throw new LockUnavailableException("lock manager is closed");
        }
        return new Attempt(lock, null, false);
    }

    /**
     * Waits until no attempt is out, so that every lock they take is either in {@code held} or
     * released by the attempt itself (it sees the manager closed).
     *
     * @param deadlineNanos on the host's monotonic clock
     */
    void awaitAttemptsOut(long deadlineNanos) throws InterruptedException {
        while (!acquiring.isEmpty() && host.nanoTime() - deadlineNanos < 0) {
            host.sleep(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private void sleep(long millis) {
        try {
            host.sleep(TimeUnit.MILLISECONDS.toNanos(Math.max(1, millis)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted while waiting for a lock");
        }
    }
}
