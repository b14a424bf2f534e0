package io.dynamolock.runtime;

import io.dynamolock.LockLostException.Reason;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A lock this manager holds. Its lease is also timed on this node's monotonic clock: once no
 * write has succeeded within lease - clockSkew of its start, the lock counts as lost
 * ({@link Reason#EXPIRED}) whatever the table says. Loss is sticky: a lost lock never counts as
 * held again.
 */
final class HeldLock implements LeasedLock {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");

    private final String key;
    private final long fence;
    private final String owner;
    private final long safeLeaseNanos;
    private final LongSupplier nanoClock;
    private final Consumer<HeldLock> releaser;
    /** The thread that took the lock: a locked method runs on it. */
    private final Thread taker = Thread.currentThread();
    private final AtomicReference<Reason> lost = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Completes once nothing runs under the lock and nothing is sent for it: lost, or released. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Runnable clockCheck;
    private final ReentrantLock deadline = new ReentrantLock();
    private volatile long validUntilNanos;
    /** When a clock step last shortened the deadline: a renewal sent before then cannot extend it. */
    private volatile long lastStepNanos;
    private volatile Future<?> nextRenewal;

    /**
     * @param clockCheck run before the deadline is judged: notices a step of the wall clock (a
     *                   suspend), which shortens the deadlines of held locks ({@link #shorten})
     */
    HeldLock(String key, long fence, String owner, long safeLeaseNanos, long writeStartNanos,
             LongSupplier nanoClock, Runnable clockCheck, Consumer<HeldLock> releaser) {
        this.key = key;
        this.fence = fence;
        this.owner = owner;
        this.safeLeaseNanos = safeLeaseNanos;
        this.nanoClock = nanoClock;
        this.clockCheck = clockCheck;
        this.releaser = releaser;
        this.validUntilNanos = writeStartNanos + safeLeaseNanos;
        this.lastStepNanos = writeStartNanos;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public long fence() {
        return fence;
    }

    @Override
    public boolean isHeld() {
        if (released.get() || lost.get() != null) {
            return false;
        }
        clockCheck.run();
        if (nanoClock.getAsLong() - validUntilNanos >= 0) {
            markLost(Reason.EXPIRED);
            return false;
        }
        return true;
    }

    /** @return why the lock was lost, or {@code null} while it was not */
    Reason lostReason() {
        isHeld();
        return lost.get();
    }

    @Override
    public Optional<Reason> loss() {
        return Optional.ofNullable(lostReason());
    }

    /**
     * Records a successful renewal that was sent at {@code writeStartNanos}.
     *
     * @return {@code false} when the lock had already expired on this node's clock (it stays lost)
     */
    boolean renewed(long writeStartNanos) {
        if (!isHeld()) {
            return false;
        }
        deadline.lock();
        try {
            long until = writeStartNanos + safeLeaseNanos;
            // A renewal sent before a clock step wrote an expiry from before it: the step's shortening stands.
            if (writeStartNanos - lastStepNanos >= 0 && until - validUntilNanos > 0) {
                validUntilNanos = until;
            }
        } finally {
            deadline.unlock();
        }
        return true;
    }

    /**
     * Brings the deadline closer by a step of the wall clock against the monotonic clock: time that
     * passed for the other nodes (a suspend), or by which the expiries this node writes moved.
     */
    void shorten(long stepNanos) {
        deadline.lock();
        try {
            validUntilNanos -= stepNanos;
            lastStepNanos = nanoClock.getAsLong();
        } finally {
            deadline.unlock();
        }
    }

    /** @return when the last successful write for this lock was sent, on this node's monotonic clock */
    long writeStartNanos() {
        return validUntilNanos - safeLeaseNanos;
    }

    /** @return nanoseconds until the lock expires on this node's clock (negative once past) */
    long nanosLeft() {
        return validUntilNanos - nanoClock.getAsLong();
    }

    void markLost(Reason reason) {
        if (!released.get() && lost.compareAndSet(null, reason)) {
            ended.complete(null);
            LOG.log(Level.WARNING, "lock ''{0}'' (owner {1}, fence {2}) lost: {3}", Keys.printable(key), owner,
                    Long.toString(fence), reason);
        }
    }

    /** @return {@code true} for the one caller that gets to release it */
    boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    /** Records that the release request has gone out (or was given up on): nothing more is sent for it. */
    void releaseSent() {
        ended.complete(null);
    }

    /**
     * @return whether the thread that took the lock is inside {@code Shutdown.exit} (where
     *     {@code System.exit} goes once nothing can veto it), which never returns: the work it did
     *     under the lock cannot go on
     */
    boolean takerIsExiting() {
        for (StackTraceElement frame : taker.getStackTrace()) {
            if (frame.getClassName().equals("java.lang.Shutdown") && frame.getMethodName().equals("exit")) {
                return true;
            }
        }
        return false;
    }

    /** @return completes once the lock is lost, or released and its release request sent */
    CompletableFuture<Void> ended() {
        return ended;
    }

    void nextRenewal(Future<?> future) {
        this.nextRenewal = future;
    }

    void cancelRenewal() {
        Future<?> f = nextRenewal;
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public void close() {
        releaser.accept(this);
    }

    @Override
    public String toString() {
        return "Lock{key=" + Keys.printable(key) + ", fence=" + fence + ", held=" + isHeld() + "}";
    }
}
