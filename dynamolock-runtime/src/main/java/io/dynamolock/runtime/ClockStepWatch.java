package io.dynamolock.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Notices steps of this node's wall clock against its monotonic clock: a suspended machine (the
 * monotonic clock stops, the wall clock does not), or a clock set by hand or stepped by NTP.
 * Leases are timed on the monotonic clock, but for the other nodes time went on during a suspend,
 * and a stepped wall clock moves the expiries this node writes: either way every held lock's
 * local deadline must come closer by the size of the step. Checked before each acquire and
 * renewal, in {@link HeldLock#isHeld()}, and by a watchdog; an NTP slew (at most 500 ppm) or a
 * thread descheduled between the two readings (up to {@value #TOLERANCE_MS} ms) is no step.
 */
final class ClockStepWatch {
    static final long TOLERANCE_MS = 50;
    private static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(TOLERANCE_MS);
    private static final double DRIFT_PER_NANO = 500e-6;

    private final Host host;
    private final LongConsumer onStep;
    private final ReentrantLock lock = new ReentrantLock();
    /** Wall clock minus monotonic clock, in ns, as last accepted; and when (monotonic). */
    private volatile long baselineNanos;
    private volatile long baselineAtNanos;
    private volatile long total;

    /**
     * @param host   the clocks
     * @param onStep gets the size of each step noticed, in ns, forwards or backwards alike
     */
    ClockStepWatch(Host host, LongConsumer onStep) {
        this.host = host;
        this.onStep = onStep;
        long mono = host.nanoTime();
        this.baselineNanos = wallNanos() - mono;
        this.baselineAtNanos = mono;
    }

    /**
     * Compares the clocks; a step beyond what slewing explains is applied (reported to the
     * listener, which shortens the held locks) before it is accepted, so that no thread judges a
     * deadline against a step that is known but not yet applied.
     */
    void check() {
        long mono = host.nanoTime();
        long wallNanos = wallNanos();
        if (Math.abs(wallNanos - mono - baselineNanos) <= allowed(mono)) {
            return;
        }
        lock.lock();
        try {
            judgeAndRebase(false);
        } finally {
            lock.unlock();
        }
    }

    /** The watchdog's round: checks, then accepts the clocks as they are, so that slews never add up. */
    void refresh() {
        lock.lock();
        try {
            judgeAndRebase(true);
        } finally {
            lock.unlock();
        }
    }

    /** @return the sum of every step applied so far, in ns: an acquire compares it before and after */
    long total() {
        return total;
    }

    /** Under the lock: one pair of readings decides and, when it moves, sets the baseline. */
    private void judgeAndRebase(boolean always) {
        long mono = host.nanoTime();
        long wallNanos = wallNanos();
        long step = wallNanos - mono - baselineNanos;
        boolean stepped = Math.abs(step) > allowed(mono);
        if (stepped) {
            total += Math.abs(step);
            onStep.accept(Math.abs(step));
        }
        if (stepped || always) {
            baselineNanos = wallNanos - mono;
            baselineAtNanos = mono;
        }
    }

    private long wallNanos() {
        return TimeUnit.MILLISECONDS.toNanos(host.wallClock().millis());
    }

    private long allowed(long mono) {
        return TOLERANCE_NANOS + (long) (Math.max(0, mono - baselineAtNanos) * DRIFT_PER_NANO);
    }
}
