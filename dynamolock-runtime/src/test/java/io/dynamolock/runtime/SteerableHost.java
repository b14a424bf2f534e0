package io.dynamolock.runtime;

import io.dynamolock.runtime.support.OffsetClock;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Host} on the JVM's clocks whose monotonic and wall clocks a test can move forward, and which
 * makes every thread itself (named {@code host-...}) and remembers it.
 */
final class SteerableHost implements Host {
    private final Host system = Host.system();
    private final AtomicLong monotonicOffset = new AtomicLong();
    private final OffsetClock wall = new OffsetClock();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** Moves the monotonic clock forward, as a suspended machine's resumes. */
    void advanceMonotonic(long nanos) {
        monotonicOffset.addAndGet(nanos);
    }

    /** Moves the wall clock alone forward, as a machine that was suspended sees it on resuming. */
    void advanceWall(long millis) {
        wall.add(millis);
    }

    /** @return every thread this host made */
    List<Thread> threads() {
        return List.copyOf(threads);
    }

    @Override
    public Clock wallClock() {
        return wall;
    }

    @Override
    public long nanoTime() {
        return system.nanoTime() + monotonicOffset.get();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        system.sleep(nanos);
    }

    @Override
    public <T> T await(Future<T> future, long nanos) throws InterruptedException, ExecutionException, TimeoutException {
        return system.await(future, nanos);
    }

    @Override
    public long random(long bound) {
        return system.random(bound);
    }

    @Override
    public ScheduledExecutorService newTimer(String name) {
        return new ScheduledThreadPoolExecutor(1, threads(name));
    }

    @Override
    public ExecutorService newWorkers(String name, int count) {
        return new ThreadPoolExecutor(count, count, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads(name));
    }

    @Override
    public void startDaemon(String name, Runnable task) {
        threads(name).newThread(task).start();
    }

    private ThreadFactory threads(String name) {
        return r -> {
            Thread t = new Thread(r, "host-" + name);
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
    }
}
