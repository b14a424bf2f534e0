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

    /**
     * @param host   the clocks
     * @param onStep gets the size of each step noticed, in ns, forwards or backwards alike
     */
    ClockStepWatch(Host host, LongConsumer onStep) {
        this.host = host;
        this.onStep = onStep;
        rebase(host.nanoTime());
    }

    /** Compares the clocks; a step beyond what slewing explains is reported once, and accepted. */
    void check() {
        long mono = host.nanoTime();
        if (Math.abs(stepAt(mono)) <= allowed(mono)) {
            return;
        }
        long step;
        lock.lock();
        try {
            // Read again: another thread may have accepted this step meanwhile.
            mono = host.nanoTime();
            step = stepAt(mono);
            if (Math.abs(step) <= allowed(mono)) {
                return;
            }
            rebase(mono);
        } finally {
            lock.unlock();
        }
        onStep.accept(Math.abs(step));
    }

    /** The watchdog's round: checks, then accepts the clocks as they are, so that slews never add up. */
    void refresh() {
        check();
        lock.lock();
        try {
            rebase(host.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    private long stepAt(long mono) {
        return TimeUnit.MILLISECONDS.toNanos(host.wallClock().millis()) - mono - baselineNanos;
    }

    private long allowed(long mono) {
        return TOLERANCE_NANOS + (long) (Math.max(0, mono - baselineAtNanos) * DRIFT_PER_NANO);
    }

    private void rebase(long mono) {
        baselineNanos = TimeUnit.MILLISECONDS.toNanos(host.wallClock().millis()) - mono;
        baselineAtNanos = mono;
    }
}
