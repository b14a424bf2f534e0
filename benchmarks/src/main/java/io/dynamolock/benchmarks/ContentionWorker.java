package io.dynamolock.benchmarks;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import io.dynamolock.Lock;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One JVM of part 3: one lock manager (one owner) whose threads all compete for one key, each
 * waiting for it, holding it briefly, releasing it, and again, until the run ends.
 *
 * <p>Arguments: {@code library endpoint key threads runMs holdMs waitMs}, library being
 * {@code dynamolock} or {@code aws}. Prints {@code READY}, waits for {@code GO} on standard
 * input, runs, then prints one {@code THREAD} line per thread, one {@code HOLD} line per
 * acquisition and one {@code REQUESTS} line, and exits.
 */
public final class ContentionWorker {
    private ContentionWorker() {
    }

    /** One thread's figures. */
    private static final class Tally {
        long acquisitions;
        long timeouts;
        long maxWaitNanos;
        long errors;
        String firstError;
        final List<long[]> holds = new ArrayList<>();
        /** Set while the thread waits for the key: only waiting threads are interrupted at the end. */
        volatile boolean waiting;
    }

    /** A library's wait-hold-release, as the worker threads call it. */
    private interface Locker extends AutoCloseable {
        /** @return a release action, or null when the wait ran out */
        Runnable acquire(String key, long waitMs) throws Exception;

        RequestCounter counter();

        @Override
        void close();
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        String library = args[0];
        DynamoDbServer server = DynamoDbServers.external(URI.create(args[1]));
        String key = args[2];
        int threads = Integer.parseInt(args[3]);
        long runMs = Long.parseLong(args[4]);
        long holdMs = Long.parseLong(args[5]);
        long waitMs = Long.parseLong(args[6]);
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        Locker locker = library.equals("aws") ? aws(server) : dynamoLock(server);
        // Warm up the class loading and the connection outside the measured run.
        Runnable warm = locker.acquire(key + "-warm-" + ProcessHandle.current().pid(), 1000);
        warm.run();
        locker.counter().reset();
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) {
            System.exit(3);
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(runMs);
        Tally[] tallies = new Tally[threads];
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Tally t = tallies[i] = new Tally();
            workers[i] = new Thread(() -> loop(locker, key, deadline, holdMs, waitMs, t), "contender-" + i);
            workers[i].start();
        }
        long sleep = deadline - System.nanoTime();
        if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
        }
        // Bounded: a thread still waiting when the run ends is cut off, not counted.
        for (int i = 0; i < threads; i++) {
            if (tallies[i].waiting) {
                workers[i].interrupt();
            }
        }
        for (Thread w : workers) {
            w.join(30_000);
        }
        long requests = locker.counter().total();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < threads; i++) {
            Tally t = tallies[i];
            out.append("THREAD ").append(i).append(' ').append(t.acquisitions).append(' ').append(t.timeouts)
                    .append(' ').append(t.maxWaitNanos).append(' ').append(t.errors).append(' ')
                    .append(t.firstError == null ? "-" : t.firstError.replace(' ', '_')).append('\n');
            for (long[] h : t.holds) {
                out.append("HOLD ").append(h[0]).append(' ').append(h[1]).append('\n');
            }
        }
        out.append("REQUESTS ").append(requests).append(' ')
                .append(locker.counter().byOperation().toString().replace(" ", "")).append('\n');
        System.out.print(out);
        System.out.flush();
        locker.close();
        System.exit(0);
    }

    private static void loop(Locker locker, String key, long deadline, long holdMs, long waitMs, Tally t) {
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            Runnable release;
            t.waiting = true;
            try {
                release = locker.acquire(key, waitMs);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                t.waiting = false;
                if (Thread.currentThread().isInterrupted() || System.nanoTime() >= deadline) {
                    return; // cut off by the end of the run
                }
                if (t.errors++ == 0) {
                    t.firstError = e.toString();
                }
                continue;
            }
            t.waiting = false;
            long waited = System.nanoTime() - t0;
            t.maxWaitNanos = Math.max(t.maxWaitNanos, waited);
            if (release == null) {
                t.timeouts++;
                continue;
            }
            long heldFrom = System.nanoTime();
            boolean inTime = heldFrom < deadline;
            try {
                Thread.sleep(holdMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long heldTo = System.nanoTime();
            // An interrupt that raced with the end of the wait must not abort the release's request.
            boolean interrupted = Thread.interrupted();
            try {
                release.run();
            } catch (RuntimeException e) {
                if (t.errors++ == 0) {
                    t.firstError = e.toString();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (inTime) {
                t.acquisitions++;
                t.holds.add(new long[] {heldFrom, heldTo});
            }
        }
    }

    private static Locker dynamoLock(DynamoDbServer server) {
        DynamoLockSide side = DynamoLockSide.start(server, RequestsPart.LEASE, RequestsPart.HEARTBEAT,
                UnaryOperator.identity());
        return new Locker() {
            @Override
            public Runnable acquire(String key, long waitMs) {
                Optional<Lock> lock = side.manager().tryAcquire(key, Duration.ofMillis(waitMs));
                return lock.<Runnable>map(l -> l::close).orElse(null);
            }

            @Override
            public RequestCounter counter() {
                return side.counter();
            }

            @Override
            public void close() {
                side.close();
            }
        };
    }

    private static Locker aws(DynamoDbServer server) {
        AwsLockClientSide side = new AwsLockClientSide(server, RequestsPart.LEASE, RequestsPart.HEARTBEAT);
        return new Locker() {
            @Override
            public Runnable acquire(String key, long waitMs) throws InterruptedException {
                try {
                    LockItem item = side.locks().acquireLock(AcquireLockOptions.builder(key)
                            .withAdditionalTimeToWaitForLock(waitMs).withTimeUnit(TimeUnit.MILLISECONDS).build());
                    return () -> side.locks().releaseLock(item);
                } catch (com.amazonaws.services.dynamodbv2.model.LockNotGrantedException e) {
                    return null;
                }
            }

            @Override
            public RequestCounter counter() {
                return side.counter();
            }

            @Override
            public void close() {
                side.close();
            }
        };
    }
}
