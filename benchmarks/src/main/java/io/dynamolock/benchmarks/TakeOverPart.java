package io.dynamolock.benchmarks;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import io.dynamolock.Lock;
import io.dynamolock.testing.DynamoDbServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Part 4: how long a waiter takes to get the lock of a holder that was killed (SIGKILL) right
 * after a renewal, against the lease. The holder runs in a JVM of its own; the waiter has been
 * waiting since the holder took the key. The contenders take turns.
 */
final class TakeOverPart {
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** The holder is killed right after this many acknowledged renewals. */
    private static final int BEATS_BEFORE_KILL = 1;

    private TakeOverPart() {
    }

    /** A waiter that blocks until it holds the key, then returns its release. */
    private interface Waiter {
        RequestsPart.ThrowingRunnable awaitLock(String key) throws Exception;
    }

    static void run(RunContext ctx, String title) throws Exception {
        Options o = ctx.options();
        DynamoDbServer server = ctx.server();
        int trials = o.pick(3, 1);
        Report.Section section = ctx.report().section(title);
        section.note("Server: " + server.backend() + ". Lease " + LEASE.toSeconds() + " s, heartbeat "
                + HEARTBEAT.toSeconds() + " s for both libraries (this library's clock skew allowance: its "
                + "default, 1 s). A holder JVM takes a fresh key; a waiter in the suite's JVM starts waiting at "
                + "once (this library: `tryAcquire` with a long wait, backoff capped at 1 s; AWS client: "
                + "`acquireLock` polling every 1 s); the holder is killed with SIGKILL right after its "
                + "first acknowledged renewal, so the last write it made is the renewal just "
                + "before the kill. *Take-over* is from the kill to the waiter holding the lock; ÷ lease is the "
                + "ratio to the lease; the least possible is about 1.0 (a lease must run out), and a waiter that "
                + "also allows for clock skew adds it. " + trials + " trial(s) per contender, taking turns.");
        Map<String, Waiter> waiters = new LinkedHashMap<>();
        List<AutoCloseable> toClose = new ArrayList<>();
        try {
            DynamoLockSide clock = DynamoLockSide.start(server, LEASE, HEARTBEAT, UnaryOperator.identity());
            toClose.add(clock);
            waiters.put("DynamoLock (clock mode)", ourWaiter(clock));
            DynamoLockSide obs = DynamoLockSide.start(server, LEASE, HEARTBEAT, b -> b.set("takeover", "observe"));
            toClose.add(obs);
            waiters.put("DynamoLock (observe mode)", ourWaiter(obs));
            AwsLockClientSide aws = new AwsLockClientSide(server, LEASE, HEARTBEAT);
            toClose.add(aws);
            waiters.put("AWS lock client 1.4.0", key -> {
                LockItem item = aws.locks().acquireLock(AcquireLockOptions.builder(key)
                        .withAdditionalTimeToWaitForLock(60_000L).withTimeUnit(TimeUnit.MILLISECONDS).build());
                return () -> aws.locks().releaseLock(item);
            });
            Map<String, Samples> results = new LinkedHashMap<>();
            waiters.keySet().forEach(k -> results.put(k, new Samples()));
            for (int t = 0; t < trials; t++) {
                for (Map.Entry<String, Waiter> w : waiters.entrySet()) {
                    ctx.progress(w.getKey() + ", trial " + (t + 1));
                    String library = w.getKey().startsWith("AWS") ? "aws" : "dynamolock";
                    results.get(w.getKey()).add(trial(server, library, w.getValue()));
                }
            }
            Report.Table table = new Report.Table("contender", "take-over s, mean", "min", "max", "mean ÷ lease",
                    "mean ÷ AWS client's");
            double awsMean = results.get("AWS lock client 1.4.0").mean();
            for (Map.Entry<String, Samples> r : results.entrySet()) {
                Samples s = r.getValue();
                table.row(r.getKey(), Format.seconds((long) s.mean()), Format.seconds(s.percentile(0)),
                        Format.seconds(s.max()), Format.ratio(s.mean() / LEASE.toNanos()),
                        Format.ratio(s.mean() / awsMean));
            }
            section.table(table);
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
        }
    }

    private static Waiter ourWaiter(DynamoLockSide side) {
        return key -> {
            Lock lock = side.manager().tryAcquire(key, Duration.ofSeconds(60)).orElseThrow(
                    () -> new IllegalStateException("the waiter did not get the killed holder's lock within 60 s"));
            return lock::close;
        };
    }

    /** @return nanoseconds from the kill to the waiter holding the lock */
    private static long trial(DynamoDbServer server, String library, Waiter waiter) throws Exception {
        String key = "p4-" + UUID.randomUUID();
        try (Jvm holder = Jvm.start(List.of("-Xmx256m"), TakeOverHolder.class, List.of(library,
                server.endpoint().toString(), key, Long.toString(LEASE.toMillis()),
                Long.toString(HEARTBEAT.toMillis())))) {
            holder.awaitLine("ACQUIRED", 2, TimeUnit.MINUTES);
            CompletableFuture<long[]> taken = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    RequestsPart.ThrowingRunnable release = waiter.awaitLock(key);
                    long at = System.nanoTime();
                    release.run();
                    taken.complete(new long[] {at});
                } catch (Throwable e) {
                    taken.completeExceptionally(e);
                }
            }, "bench-takeover-waiter");
            t.setDaemon(true);
            t.start();
            holder.awaitLine("BEAT " + BEATS_BEFORE_KILL, 1, TimeUnit.MINUTES);
            holder.kill();
            long killedAt = System.nanoTime();
            holder.process().waitFor(10, TimeUnit.SECONDS);
            long takenAt = taken.get(2, TimeUnit.MINUTES)[0];
            return takenAt - killedAt;
        }
    }
}
