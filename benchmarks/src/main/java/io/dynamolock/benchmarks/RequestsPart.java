package io.dynamolock.benchmarks;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import io.dynamolock.Lock;
import io.dynamolock.benchmarks.Report.Verdict;
import io.dynamolock.testing.DynamoDbServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Part 1: requests per uncontended lock cycle, per heartbeat per held lock, and per contended
 * acquisition, counted with an SDK {@code ExecutionInterceptor} on each contender's client.
 */
final class RequestsPart {
    /** Lease and heartbeat of the cycle and contention runs: the AWS client's defaults, valid for both. */
    static final Duration LEASE = Duration.ofSeconds(20);
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Short, so that a few heartbeats pass within seconds; the same for both libraries. */
    private static final Duration BEAT_LEASE = Duration.ofSeconds(3);
    private static final Duration BEAT_PERIOD = Duration.ofSeconds(1);

    /** Threads of their own, so that no wait queues behind another on the common pool. */
    private static final java.util.concurrent.Executor THREADS = r -> {
        Thread t = new Thread(r, "bench-requests");
        t.setDaemon(true);
        t.start();
    };

    private RequestsPart() {
    }

    static void run(RunContext ctx, String title) throws Exception {
        Options o = ctx.options();
        DynamoDbServer server = ctx.server();
        Report.Section section = ctx.report().section(title);
        section.note("Server: " + server.backend() + ". Request attempts counted by an SDK `ExecutionInterceptor` "
                + "(`beforeTransmission`) on each contender's own client; every contender's client is built the "
                + "same way. The floor is 2 per cycle: one write to take the lock, one to release it.");

        // 1a. Uncontended cycles, interleaved one by one.
        int cycles = o.pick(200, 40);
        Map<String, double[]> perCycle = new TreeMap<>();
        Report.Table t1 = new Report.Table("contender", "requests per cycle", "by operation", "ratio to floor (2)");
        try (DynamoLockSide ours = DynamoLockSide.start(server, LEASE, HEARTBEAT, UnaryOperator.identity());
             AwsLockClientSide aws = new AwsLockClientSide(server, LEASE, HEARTBEAT);
             RawSdkFloor floor = new RawSdkFloor(server, "floor-" + UUID.randomUUID())) {
            List<LockCycle> contenders = List.of(ours, aws, floor);
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (LockCycle c : contenders) {
                c.cycle("p1-warm-" + run + "-" + c.name().hashCode());
                c.counter().reset();
            }
            for (int i = 0; i < cycles; i++) {
                for (LockCycle c : contenders) {
                    c.cycle("p1-" + run + "-" + Math.abs(c.name().hashCode()) + "-" + i);
                }
            }
            for (LockCycle c : contenders) {
                double per = c.counter().total() / (double) cycles;
                perCycle.put(c.name(), new double[] {per});
                t1.row(c.name(), Format.number(per), RequestCounter.breakdown(c.counter().byOperation(), cycles),
                        Format.ratio(per / 2.0));
            }
            double oursPer = perCycle.get(ours.name())[0];
            ctx.report().target("requests per uncontended cycle", "2", Format.number(oursPer),
                    oursPer <= 2.0 ? Verdict.MET : Verdict.MISSED,
                    oursPer <= 2.0 ? "" : "see part 1");
        }
        section.note("**Uncontended lock cycle** (acquire + release of a fresh key, " + cycles
                + " cycles per contender, interleaved):");
        section.table(t1);

        // 1b. Heartbeats: both libraries hold the same number of locks at the same time.
        int held = o.pick(50, 20);
        long windowMs = o.pick(6_000, 3_000);
        Report.Table t2 = new Report.Table("contender", "locks held", "window",
                "renewal requests per lock per heartbeat",
                "by operation");
        try (DynamoLockSide ours = DynamoLockSide.start(server, BEAT_LEASE, BEAT_PERIOD, UnaryOperator.identity());
             AwsLockClientSide aws = new AwsLockClientSide(server, BEAT_LEASE, BEAT_PERIOD)) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<Lock> ourLocks = new ArrayList<>();
            List<LockItem> awsLocks = new ArrayList<>();
            for (int i = 0; i < held; i++) {
                ourLocks.add(ours.manager().tryAcquire("p1-beat-" + run + "-" + i, Duration.ZERO).orElseThrow());
                awsLocks.add(aws.locks().acquireLock(AcquireLockOptions.builder("p1-beat-" + run + "-" + i).build()));
            }
            // Past the first heartbeat, so the window sees the steady state.
            Thread.sleep(BEAT_PERIOD.toMillis() * 3 / 2);
            ours.counter().reset();
            aws.counter().reset();
            Thread.sleep(windowMs);
            Map<String, Long> oursOps = ours.counter().byOperation();
            Map<String, Long> awsOps = aws.counter().byOperation();
            long oursTotal = ours.counter().total();
            long awsTotal = aws.counter().total();
            double beats = windowMs / (double) BEAT_PERIOD.toMillis();
            t2.row(ours.name(), held, windowMs / 1000 + " s", twoDecimals(oursTotal / (held * beats)),
                    RequestCounter.breakdown(oursOps, held * beats));
            t2.row(aws.name(), held, windowMs / 1000 + " s", twoDecimals(awsTotal / (held * beats)),
                    RequestCounter.breakdown(awsOps, held * beats));
            for (Lock l : ourLocks) {
                l.close();
            }
            for (LockItem l : awsLocks) {
                aws.locks().releaseLock(l);
            }
        }
        section.note("**Heartbeat** (lease " + BEAT_LEASE.toSeconds() + " s, heartbeat " + BEAT_PERIOD.toSeconds()
                + " s for both; requests counted over a window that starts past the first heartbeat; "
                + "1.00 is one renewal per lock per period; jitter and round trips move a window's count a little "
                + "either way):");
        section.table(t2);

        // 1c. Contended acquisitions: B waits while A holds, then takes over on A's release.
        int rounds = o.pick(8, 3);
        // Hold times drawn at random (the same seeded sequence for both libraries), so that no hold is a
        // lucky multiple of a polling period.
        long[][] holdRanges = {{20, 200}, {500, 2000}};
        Report.Table t3 = new Report.Table("contender", "hold", "requests per contended acquisition",
                "by operation", "hand-over after release, mean", "max", "ratio of requests to the AWS client");
        try (DynamoLockSide oursA = DynamoLockSide.start(server, LEASE, HEARTBEAT, UnaryOperator.identity());
             DynamoLockSide oursB = DynamoLockSide.start(server, LEASE, HEARTBEAT, UnaryOperator.identity());
             AwsLockClientSide awsA = new AwsLockClientSide(server, LEASE, HEARTBEAT);
             AwsLockClientSide awsB = new AwsLockClientSide(server, LEASE, HEARTBEAT)) {
            for (long[] range : holdRanges) {
                long[] holds = new java.util.Random(range[0] * 31 + range[1]).longs(rounds, range[0], range[1] + 1)
                        .toArray();
                String hold = range[0] + "–" + range[1];
                String run = UUID.randomUUID().toString().substring(0, 8);
                // Side by side: both libraries' rounds run at the same time, on different keys.
                CompletableFuture<Contended> oursF = CompletableFuture.supplyAsync(() -> contended(holds, () -> {
                    String key = "p1-contended-" + run;
                    Lock a = oursA.manager().tryAcquire(key, Duration.ZERO).orElseThrow();
                    return new Handover(a::close, () -> oursB.manager()
                            .tryAcquire(key, Duration.ofSeconds(30)).orElseThrow()::close);
                }, oursB.counter()), THREADS);
                CompletableFuture<Contended> awsF = CompletableFuture.supplyAsync(() -> contended(holds, () -> {
                    String key = "p1-contended-" + run;
                    LockItem a = awsA.locks().acquireLock(AcquireLockOptions.builder(key).build());
                    return new Handover(() -> awsA.locks().releaseLock(a), () -> {
                        LockItem b = awsB.locks().acquireLock(AcquireLockOptions.builder(key)
                                .withAdditionalTimeToWaitForLock(30_000L).withTimeUnit(TimeUnit.MILLISECONDS).build());
                        return () -> awsB.locks().releaseLock(b);
                    });
                }, awsB.counter()), THREADS);
                Contended oc = oursF.get(10, TimeUnit.MINUTES);
                Contended ac = awsF.get(10, TimeUnit.MINUTES);
                t3.row(oursA.name(), hold + " ms", Format.number(oc.requests / (double) rounds),
                        RequestCounter.breakdown(oc.ops, rounds), Format.millis(oc.handover.mean() > 0
                                ? (long) oc.handover.mean() : 0) + " ms", Format.millis(oc.handover.max()) + " ms",
                        Format.ratio(oc.requests / (double) ac.requests));
                t3.row(awsA.name(), hold + " ms", Format.number(ac.requests / (double) rounds),
                        RequestCounter.breakdown(ac.ops, rounds), Format.millis((long) ac.handover.mean()) + " ms",
                        Format.millis(ac.handover.max()) + " ms", "1.00×");
            }
        }
        section.note("**Contended acquisition** (owner A takes the key; owner B starts waiting at once; A holds it "
                + "for a time drawn at random from the given range (the same sequence for both libraries) and "
                + "releases; B's requests are counted from the start of its wait to its "
                + "acquisition; " + rounds + " rounds per hold range; both libraries' rounds run at the same time on "
                + "different keys). Each library waits its own default way: this library retries with capped "
                + "exponential backoff (50 ms doubling to 1 s, jittered), the AWS client polls with `GetItem` every "
                + "`refreshPeriod` (default 1 s). The floor for a waiter that polls is one request per poll plus the "
                + "taking write; 'hand-over' is the time from A's release to B holding the lock.");
        section.table(t3);
    }

    private static String twoDecimals(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /** A held lock (release) and the waiter that takes it over (acquire, then its own release). */
    private record Handover(ThrowingRunnable releaseHolder, ThrowingSupplier<ThrowingRunnable> waiter) {
    }

    private record Contended(long requests, Map<String, Long> ops, Samples handover) {
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static Contended contended(long[] holds, ThrowingSupplier<Handover> setUp,
                                       RequestCounter waiterCounter) {
        Samples handover = new Samples();
        long requests = 0;
        Map<String, Long> ops = new TreeMap<>();
        try {
            for (long holdMs : holds) {
                Handover h = setUp.get();
                waiterCounter.reset();
                java.util.concurrent.atomic.AtomicLong releasedAt = new java.util.concurrent.atomic.AtomicLong();
                CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
                    try {
                        ThrowingRunnable releaseB = h.waiter.get();
                        long acquiredAt = System.nanoTime();
                        long count = waiterCounter.total();
                        waiterCounter.byOperation().forEach((op, n) -> ops.merge(op, n, Long::sum));
                        releaseB.run();
                        handover.add(Math.max(0, acquiredAt - releasedAt.get()));
                        return count;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, THREADS);
                Thread.sleep(holdMs);
                h.releaseHolder.run();
                releasedAt.set(System.nanoTime());
                requests += waiter.get(2, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("contended acquisition failed", e);
        }
        return new Contended(requests, ops, handover);
    }
}
