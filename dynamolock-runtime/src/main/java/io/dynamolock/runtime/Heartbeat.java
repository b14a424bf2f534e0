package io.dynamolock.runtime;

import io.dynamolock.LockLostException.Reason;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Renews every held lock on its own schedule: first one heartbeat after its acquire, then one
 * heartbeat after each success. Renewals run concurrently on a small pool, so a slow or failing
 * renewal never delays the others. A renewal that fails for I/O reasons is retried until the
 * lock's deadline on this node's clock; a failed condition marks the lock stolen at once.
 */
final class Heartbeat implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");
    private static final int RENEWAL_THREADS = 16;

    private final LockProtocol protocol;
    private final long periodNanos;
    private final Host host;
    private final ClockStepWatch steps;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final AtomicInteger background = new AtomicInteger();

    /** @param steps checked before each renewal, and by a watchdog on the timer (heartbeat/5, 0.1 s to 1 s) */
    Heartbeat(LockProtocol protocol, Duration period, Host host, ClockStepWatch steps) {
        this.protocol = protocol;
        this.periodNanos = period.toNanos();
        this.host = host;
        this.steps = steps;
        this.timer = host.newTimer("dynamolock-heartbeat");
        this.workers = host.newWorkers("dynamolock-renew", RENEWAL_THREADS);
        long watchdog = Math.max(100_000_000L, Math.min(1_000_000_000L, periodNanos / 5));
        timer.scheduleWithFixedDelay(steps::refresh, watchdog, watchdog, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts renewing {@code lock}, first one heartbeat after the write that took it. A lock
     * adopted from an earlier attempt whose answer was lost is older than that, and is renewed
     * at once.
     */
    void track(HeldLock lock) {
        long age = host.nanoTime() - lock.writeStartNanos();
        schedule(lock, age >= periodNanos ? 0 : jittered(periodNanos - age));
    }

    /** Stops renewing {@code lock}; a renewal already in flight finds it released and does nothing. */
    void untrack(HeldLock lock) {
        lock.cancelRenewal();
    }

    /**
     * Runs {@code task} on the renewal pool after {@code delayNanos}, waiting on the timer rather
     * than on a pool thread, so that background work (release retries, a second look after an
     * interrupted acquire) never holds a thread that a renewal needs. Counted until it has run, so
     * that {@link #awaitBackground} can let it finish before the pools stop.
     *
     * @return {@code false} when the heartbeat has stopped and the task will not run
     */
    boolean later(long delayNanos, Runnable task) {
        background.incrementAndGet();
        try {
            timer.schedule(() -> {
                try {
                    workers.execute(() -> {
                        try {
                            task.run();
                        } finally {
                            background.decrementAndGet();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    background.decrementAndGet();
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            background.decrementAndGet();
            return false;
        }
    }

    /** Waits, up to {@code bound}, until no task given to {@link #later} is still to run. */
    void awaitBackground(Duration bound) {
        long deadline = host.nanoTime() + bound.toNanos();
        try {
            while (background.get() > 0 && host.nanoTime() - deadline < 0) {
                host.sleep(TimeUnit.MILLISECONDS.toNanos(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(HeldLock lock, long delayNanos) {
        try {
            lock.nextRenewal(timer.schedule(() -> workers.execute(() -> renew(lock)), delayNanos,
                    TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            // stopped: the manager stops the heartbeat only once no lock is in use
        }
    }

    private void renew(HeldLock lock) {
        steps.check();
        if (!lock.isHeld()) {
            return;
        }
        long start = host.nanoTime();
        long left = lock.nanosLeft();
        if (left <= 0) {
            lock.isHeld(); // marks it EXPIRED
            return;
        }
        boolean kept;
        try {
            // An answer after the lock's deadline is of no use: bound the whole call, SDK retries included.
            kept = protocol.renew(lock.key(), lock.fence(), Duration.ofNanos(left));
        } catch (SdkException e) {
            left = lock.nanosLeft();
            LOG.log(Level.DEBUG, "renewal of ''{0}'' failed, retrying within {1} ms: {2}", Keys.printable(lock.key()),
                    Long.toString(TimeUnit.NANOSECONDS.toMillis(left)), e.toString());
            // Retried until the deadline; the last retry lands on it and marks the lock EXPIRED.
            schedule(lock, Math.max(0, Math.min(left, jittered(periodNanos / 5))));
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "renewal of '" + Keys.printable(lock.key()) + "' failed unexpectedly", e);
            lock.markLost(Reason.EXPIRED);
            return;
        }
        if (!kept) {
            lock.markLost(Reason.STOLEN);
        } else if (lock.renewed(start)) {
            // Timed from when this renewal was sent, as the lock's deadline is: a slow answer does not
            // push the next renewal later.
            schedule(lock, Math.max(0, jittered(periodNanos) - (host.nanoTime() - start)));
        }
    }

    /** Spreads renewals of locks taken together over ±10% of the period. */
    private long jittered(long nanos) {
        long spread = nanos / 10;
        return spread <= 0 ? nanos : nanos - spread + host.random(2 * spread + 1);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
    }

    /** Waits a bounded time for background work to finish, then stops it. */
    void awaitTermination(Duration bound) {
        try {
            if (!workers.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
