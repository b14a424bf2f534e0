package io.dynamolock.benchmarks;

import io.dynamolock.benchmarks.Report.Verdict;
import io.dynamolock.testing.DynamoDbServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Part 2: lock-cycle latency (p50, p99) and throughput at 1, 8 and 64 threads on distinct keys,
 * for this library, the AWS lock client and the raw SDK doing the same two writes (the floor).
 * Contenders take turns in rounds whose order rotates, so that drift in the machine's load falls
 * on all of them alike.
 */
final class CyclePart {
    private static final int[] THREADS = {1, 8, 64};

    private CyclePart() {
    }

    /** What one contender measured at one thread count, over all its rounds. */
    private static final class Tally {
        final Samples latency = new Samples();
        long cycles;
        long nanos;
        long cpuNanos;
        final AtomicLong errors = new AtomicLong();
        String firstError;
    }

    static void run(RunContext ctx, String title) throws Exception {
        Options o = ctx.options();
        Report.Section section = ctx.report().section(title);
        long warmMs = o.pick(1_500, 1_000);
        long firstWarmMs = o.pick(5_000, 2_000);
        long roundMs = o.pick(1_500, 1_000);
        section.note("Each thread takes and releases its own key (no contention) in a loop. Per thread count, "
                + "every contender first warms up (" + firstWarmMs / 1000.0 + " s at the first count, "
                + warmMs / 1000.0 + " s after), then the contenders take turns for " + o.pick(6, 2) + " rounds of "
                + roundMs / 1000.0 + " s each on " + o.server() + " (" + o.pick(4, 1) + " on a second server), the "
                + "order rotating every round. *CPU per cycle* is the suite JVM's process CPU time (all its threads, "
                + "GC included) during a contender's turns, per cycle: what the client side costs, which on this "
                + "2-core machine is taken from the server's share. *raw SDK again* is a second, identical copy of "
                + "the floor: how far it strays from 1.00× shows the noise of this run. All contenders have clients "
                + "built "
                + "the same way (URL-connection HTTP client, SDK defaults; the suite's JVM runs with "
                + "`-Dhttp.maxConnections=" + System.getProperty("http.maxConnections", "5")
                + "` so that 64 threads keep their connections alive), except *own client*, which is this library "
                + "with the client it builds itself from `dynamolock.endpoint` (what an application using the agent "
                + "gets: per-attempt timeouts of lease/6). Lease " + RequestsPart.LEASE.toSeconds() + " s, heartbeat "
                + RequestsPart.HEARTBEAT.toSeconds() + " s for both libraries. The floor is the raw SDK sending the "
                + "same two `UpdateItem`s as this library's acquire and release, with nothing around them.");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS[THREADS.length - 1], r -> {
            Thread t = new Thread(r, "bench-cycle");
            t.setDaemon(true);
            return t;
        });
        try {
            for (String kind : o.cycleServers()) {
                DynamoDbServer server;
                try {
                    server = ctx.server(kind);
                } catch (RuntimeException e) {
                    if (kind.equals(o.server())) {
                        throw e;
                    }
                    section.note("**" + kind + "**: not run, the server could not be started: " + e.getMessage());
                    continue;
                }
                Report.Table table = new Report.Table("threads", "contender", "p50 ms", "p99 ms", "cycles/s",
                        "throughput ÷ floor", "p50 ÷ floor", "CPU µs per cycle", "CPU ÷ floor", "cycles", "errors");
                int rounds = kind.equals(o.server()) ? o.pick(6, 2) : o.pick(4, 1);
                try (DynamoLockSide ours = DynamoLockSide.start(server, RequestsPart.LEASE, RequestsPart.HEARTBEAT,
                        UnaryOperator.identity());
                     DynamoLockSide own = DynamoLockSide.startWithOwnClient(server, RequestsPart.LEASE,
                             RequestsPart.HEARTBEAT);
                     AwsLockClientSide aws = new AwsLockClientSide(server, RequestsPart.LEASE, RequestsPart.HEARTBEAT);
                     RawSdkFloor floor = new RawSdkFloor(server, "floor-" + UUID.randomUUID());
                     RawSdkFloor control = new RawSdkFloor(server, "control-" + UUID.randomUUID(),
                             "raw SDK again (control)")) {
                    List<LockCycle> contenders = List.of(ours, own, aws, floor, control);
                    String run = UUID.randomUUID().toString().substring(0, 8);
                    boolean first = true;
                    for (int threads : THREADS) {
                        ctx.progress(kind + ": " + threads + " thread(s)");
                        Map<LockCycle, Tally> tallies = new LinkedHashMap<>();
                        for (LockCycle c : contenders) {
                            tallies.put(c, new Tally());
                            measure(pool, c, threads, first ? firstWarmMs : warmMs, keys(run, c, threads), new Tally());
                        }
                        first = false;
                        for (int r = 0; r < rounds; r++) {
                            for (int i = 0; i < contenders.size(); i++) {
                                LockCycle c = contenders.get((i + r) % contenders.size());
                                measure(pool, c, threads, roundMs, keys(run, c, threads), tallies.get(c));
                            }
                        }
                        Tally f = tallies.get(floor);
                        double floorRate = f.cycles / (f.nanos / 1e9);
                        long floorP50 = f.latency.percentile(50);
                        double floorCpu = f.cpuNanos / (double) f.cycles;
                        for (LockCycle c : contenders) {
                            Tally t = tallies.get(c);
                            double rate = t.cycles / (t.nanos / 1e9);
                            table.row(threads, c.name(), Format.millis(t.latency.percentile(50)),
                                    Format.millis(t.latency.percentile(99)), Format.number(rate),
                                    Format.ratio(rate / floorRate),
                                    Format.ratio(t.latency.percentile(50) / (double) floorP50),
                                    Format.number(t.cpuNanos / (double) t.cycles / 1000.0),
                                    Format.ratio(t.cpuNanos / (double) t.cycles / floorCpu), t.cycles,
                                    t.errors.get() == 0 ? "0" : t.errors.get() + " (" + t.firstError + ")");
                            if (c == ours && kind.equals(o.server())) {
                                double ratio = rate / floorRate;
                                Tally ctl = tallies.get(control);
                                ctx.report().target("throughput at " + threads + " thread(s), " + kind,
                                        "≥ 0.90 of the floor", Format.ratio(ratio) + " (the floor's copy: "
                                                + Format.ratio(ctl.cycles / (ctl.nanos / 1e9) / floorRate) + ")",
                                        ratio >= 0.9 ? Verdict.MET : Verdict.MISSED,
                                        ratio >= 0.9 ? "" : "client CPU per cycle "
                                                + Format.ratio(t.cpuNanos / (double) t.cycles / floorCpu)
                                                + " the floor's; the floor's own copy strayed to "
                                                + Format.ratio(ctl.cycles / (ctl.nanos / 1e9) / floorRate)
                                                + " in the same run (see part 2)");
                            }
                        }
                    }
                }
                section.note("**" + ctx.serverVersions().getOrDefault(kind, kind) + "**:");
                section.table(table);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String[] keys(String run, LockCycle c, int threads) {
        String[] keys = new String[threads];
        for (int i = 0; i < threads; i++) {
            keys[i] = "p2-" + run + "-" + Math.abs(c.name().hashCode()) + "-" + threads + "-" + i;
        }
        return keys;
    }

    /** Runs {@code threads} loops of cycles for {@code millis}, adding what they measured to {@code tally}. */
    private static void measure(ExecutorService pool, LockCycle c, int threads, long millis, String[] keys,
                                Tally tally) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Future<Samples>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String key = keys[i];
            futures.add(pool.submit(() -> {
                Samples s = new Samples();
                ready.countDown();
                go.await();
                long end = deadline[0];
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        return s;
                    }
                    try {
                        c.cycle(key);
                        s.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        if (tally.errors.getAndIncrement() == 0) {
                            tally.firstError = e.toString();
                        }
                    }
                }
            }));
        }
        ready.await();
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        deadline[0] = start + TimeUnit.MILLISECONDS.toNanos(millis);
        go.countDown();
        for (Future<Samples> f : futures) {
            Samples s = f.get(millis + 120_000, TimeUnit.MILLISECONDS);
            tally.latency.addAll(s);
            tally.cycles += s.count();
        }
        tally.nanos += System.nanoTime() - start;
        tally.cpuNanos += processCpuNanos() - cpu0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
