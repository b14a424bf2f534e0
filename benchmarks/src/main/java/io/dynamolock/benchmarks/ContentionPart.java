package io.dynamolock.benchmarks;

import io.dynamolock.testing.DynamoDbServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Part 3: 4 JVMs × 8 threads on one key, each thread waiting for the key, holding it briefly and
 * releasing it, for a fixed time: acquisitions per second, requests per acquisition, the longest
 * wait and fairness. The libraries take turns, each with fresh JVMs.
 */
final class ContentionPart {
    private static final int JVMS = 4;
    private static final int THREADS = 8;
    private static final long HOLD_MS = 10;
    private static final long WAIT_MS = 10_000;

    private ContentionPart() {
    }

    /** One library's figures over its runs. */
    private static final class Tally {
        long acquisitions;
        long timeouts;
        long requests;
        long errors;
        String firstError;
        long maxWait;
        long overlaps;
        long runMs;
        final Map<String, Long> ops = new TreeMap<>();
        final List<Long> perWorker = new ArrayList<>();
    }

    static void run(RunContext ctx, String title) throws Exception {
        Options o = ctx.options();
        DynamoDbServer server = ctx.server();
        long runMs = o.pick(12_000, 6_000);
        int rounds = o.pick(2, 1);
        Report.Section section = ctx.report().section(title);
        section.note("Server: " + server.backend() + ". " + JVMS + " JVMs, each with one lock manager (one owner) "
                + "and " + THREADS + " threads; every thread loops: wait for the one key (wait " + WAIT_MS / 1000
                + " s), hold it " + HOLD_MS + " ms, release it. Each run lasts " + runMs / 1000 + " s; "
                + rounds + " run(s) per library, alternating, each with fresh JVMs started together and released "
                + "together. Only acquisitions that start within the run count; threads still waiting at its end "
                + "are cut off. Lease " + RequestsPart.LEASE.toSeconds() + " s, heartbeat "
                + RequestsPart.HEARTBEAT.toSeconds() + " s for both. Each library waits its own default way "
                + "(this library: backoff 50 ms doubling to 1 s, jittered, and threads of one JVM queue in memory "
                + "without requests while their manager holds the key; AWS client: `GetItem` every 1 s, and "
                + "`additionalTimeToWaitForLock` comes on top of the holder's lease, so its waits may reach "
                + "lease + wait). *Overlapping holds* checks mutual exclusion: hold intervals (inside acquire and "
                + "release) of different threads that intersect, by the machine's monotonic clock; it must be 0.");
        Map<String, Tally> tallies = new java.util.LinkedHashMap<>();
        tallies.put("dynamolock", new Tally());
        tallies.put("aws", new Tally());
        for (int r = 0; r < rounds; r++) {
            for (String library : tallies.keySet()) {
                ctx.progress(library + ", run " + (r + 1));
                runOnce(server, library, runMs, tallies.get(library));
            }
        }
        Report.Table table = new Report.Table("contender", "acquisitions/s", "requests per acquisition",
                "by operation", "longest wait s", "fewest per worker", "most per worker", "timeouts",
                "overlapping holds", "errors");
        Tally ours = tallies.get("dynamolock");
        Tally aws = tallies.get("aws");
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            double rate = t.acquisitions / (t.runMs / 1000.0);
            double perAcq = t.requests / (double) Math.max(1, t.acquisitions);
            long fewest = t.perWorker.stream().mapToLong(Long::longValue).min().orElse(0);
            long most = t.perWorker.stream().mapToLong(Long::longValue).max().orElse(0);
            table.row(e.getKey().equals("aws") ? "AWS lock client 1.4.0" : "DynamoLock", Format.number(rate),
                    Format.number(perAcq), RequestCounter.breakdown(t.ops, Math.max(1, t.acquisitions)),
                    Format.seconds(t.maxWait), fewest, most, t.timeouts, t.overlaps,
                    t.errors == 0 ? "0" : t.errors + " (" + t.firstError + ")");
        }
        section.table(table);
        double rateRatio = (ours.acquisitions / (double) ours.runMs) / (aws.acquisitions / (double) aws.runMs);
        double reqRatio = (ours.requests / (double) Math.max(1, ours.acquisitions))
                / (aws.requests / (double) Math.max(1, aws.acquisitions));
        section.note("Ratios, this library ÷ the AWS client: acquisitions per second " + Format.ratio(rateRatio)
                + ", requests per acquisition " + Format.ratio(reqRatio) + ", longest wait "
                + Format.ratio(ours.maxWait / (double) aws.maxWait) + ". Per worker means per thread ("
                + JVMS * THREADS + " workers, summed over the runs).");
    }

    private static void runOnce(DynamoDbServer server, String library, long runMs, Tally tally) throws Exception {
        String key = "p3-" + UUID.randomUUID();
        List<Jvm> jvms = new ArrayList<>();
        try {
            for (int i = 0; i < JVMS; i++) {
                jvms.add(Jvm.start(List.of("-Xmx512m", "-Dhttp.maxConnections=100"), ContentionWorker.class,
                        List.of(library, server.endpoint().toString(), key, Integer.toString(THREADS),
                                Long.toString(runMs), Long.toString(HOLD_MS), Long.toString(WAIT_MS))));
            }
            for (Jvm j : jvms) {
                j.awaitLine("READY", 2, TimeUnit.MINUTES);
            }
            for (Jvm j : jvms) {
                j.send("GO");
            }
            List<long[]> holds = new ArrayList<>();
            List<Long> workers = new ArrayList<>();
            for (Jvm j : jvms) {
                for (String line : j.awaitExit(runMs + 120_000, TimeUnit.MILLISECONDS)) {
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "THREAD" -> {
                            long acq = Long.parseLong(f[2]);
                            workers.add(acq);
                            tally.acquisitions += acq;
                            tally.timeouts += Long.parseLong(f[3]);
                            tally.maxWait = Math.max(tally.maxWait, Long.parseLong(f[4]));
                            long errors = Long.parseLong(f[5]);
                            if (errors > 0 && tally.errors == 0) {
                                tally.firstError = f[6].replace('_', ' ');
                            }
                            tally.errors += errors;
                        }
                        case "HOLD" -> holds.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                        case "REQUESTS" -> {
                            tally.requests += Long.parseLong(f[1]);
                            String map = f[2].substring(1, f[2].length() - 1);
                            for (String entry : map.isEmpty() ? new String[0] : map.split(",")) {
                                String[] kv = entry.split("=");
                                tally.ops.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                            }
                        }
                        default -> { }
                    }
                }
            }
            // Sum per worker across runs: worker i of this run adds to slot i.
            for (int i = 0; i < workers.size(); i++) {
                if (tally.perWorker.size() <= i) {
                    tally.perWorker.add(0L);
                }
                tally.perWorker.set(i, tally.perWorker.get(i) + workers.get(i));
            }
            holds.sort((a, b) -> Long.compare(a[0], b[0]));
            long lastEnd = Long.MIN_VALUE;
            for (long[] h : holds) {
                if (h[0] < lastEnd) {
                    tally.overlaps++;
                }
                lastEnd = Math.max(lastEnd, h[1]);
            }
            tally.runMs += runMs;
        } finally {
            jvms.forEach(Jvm::close);
        }
    }
}
