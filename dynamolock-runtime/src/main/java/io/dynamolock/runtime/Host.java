package io.dynamolock.runtime;

import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * Everything the runtime takes from the machine it runs on: its wall clock and monotonic clock,
 * waiting, random draws and threads. The runtime reads time, sleeps, draws jitter and starts
 * threads only through this interface, so that a test or a simulation can drive all of it;
 * {@link #system()} is the JVM's own, used in production.
 */
public interface Host {

    /** @return the JVM's clocks, {@link Thread#sleep}, {@link java.util.concurrent.ThreadLocalRandom} and daemon threads */
    static Host system() {
        return SystemHost.UTC;
    }

    /**
     * @param wallClock the wall clock to use instead of the system's (tests inject skew with it)
     * @return the JVM's host with that wall clock
     */
    static Host system(Clock wallClock) {
        return new SystemHost(wallClock);
    }

    /** @return the wall clock: lease expiries and fence seeds are written from it */
    Clock wallClock();

    /** @return the monotonic clock in nanoseconds, as {@link System#nanoTime()}: only differences count */
    long nanoTime();

    /**
     * Waits on the calling thread.
     *
     * @param nanos how long, at least one nanosecond
     * @throws InterruptedException when the thread is interrupted meanwhile
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Waits for {@code future} at most {@code nanos}.
     *
     * @return its value
     * @throws TimeoutException     when it is not done in time
     * @throws ExecutionException   when it failed
     * @throws InterruptedException when the thread is interrupted meanwhile
     */
    <T> T await(Future<T> future, long nanos) throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * @param bound exclusive upper bound, positive
     * @return a random number in {@code [0, bound)}, for jitter and backoff
     */
    long random(long bound);

    /**
     * @param name what the thread does; it gets a number appended
     * @return a single-threaded timer on a daemon thread
     */
    ScheduledExecutorService newTimer(String name);

    /**
     * @param name    what the threads do; each gets a number appended
     * @param threads at most this many threads, stopped when idle
     * @return a pool of daemon threads with an unbounded queue
     */
    ExecutorService newWorkers(String name, int threads);

    /**
     * Starts {@code task} on a new daemon thread.
     *
     * @param name the thread's name
     * @param task what it runs
     */
    void startDaemon(String name, Runnable task);
}
