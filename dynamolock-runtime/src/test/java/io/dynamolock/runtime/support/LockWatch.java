package io.dynamolock.runtime.support;

import io.dynamolock.Lock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Watches held locks the way a careful holder would, checking {@link Lock#isHeld()} every couple
 * of milliseconds, and tells when each was first seen gone: the end of its holder's critical
 * section, for tests whose holders stop working the moment they learn. Bounded; closing stops
 * every watch.
 */
final class LockWatch implements AutoCloseable {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lock-watch");
        t.setDaemon(true);
        return t;
    });

    /** @return completes with {@link System#nanoTime()} when the lock was first seen not held */
    CompletableFuture<Long> lossOf(Lock lock) {
        return CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (System.nanoTime() - deadline < 0) {
                if (!lock.isHeld()) {
                    return System.nanoTime();
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new IllegalStateException("lock " + lock + " was still held after " + BOUND);
        }, threads);
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
