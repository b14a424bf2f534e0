package io.dynamolock.runtime;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The JVM as a {@link Host}: the system clocks, real sleeps and daemon threads. */
final class SystemHost implements Host {
    static final SystemHost UTC = new SystemHost(Clock.systemUTC());

    private final Clock wallClock;

    SystemHost(Clock wallClock) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    @Override
    public Clock wallClock() {
        return wallClock;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(1, nanos));
    }

    @Override
    public <T> T await(Future<T> future, long nanos) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long random(long bound) {
        return ThreadLocalRandom.current().nextLong(bound);
    }

    @Override
    public ScheduledExecutorService newTimer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads(name));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public ExecutorService newWorkers(String name, int threads) {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(name));
        workers.allowCoreThreadTimeOut(true);
        return workers;
    }

    @Override
    public void startDaemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
