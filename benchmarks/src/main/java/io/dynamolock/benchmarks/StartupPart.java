package io.dynamolock.benchmarks;

import io.dynamolock.benchmarks.Report.Verdict;
import io.dynamolock.benchmarks.weaving.DynamoLockedAspect;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.testing.DynamoDbServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Part 6: what the agent adds to a JVM's start: an application of 5,000 generated classes, 20 of
 * them with a {@code @DynamoLocked} method, that loads and initialises every class and exits;
 * started plain, with the agent and with AspectJ's weaver, taking turns. Wall time from process
 * start to exit, peak RSS from {@code /usr/bin/time} (or, without it, from the JVM's own
 * {@code VmHWM}), and the agent jar's size.
 */
final class StartupPart {
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final String NO_MANAGER = "agent, manager off (diagnosis)";
    private static final String NOTHING_TO_WEAVE = "agent, no annotated class (diagnosis)";

    /** A way to start the application: JVM options and class path. */
    private record Variant(List<String> options, String classPath) {
    }

    private StartupPart() {
    }

    /** One variant's runs. */
    private static final class Tally {
        final Samples wallNanos = new Samples();
        final Samples rssKb = new Samples();
    }

    static void run(RunContext ctx, String title) throws Exception {
        Options o = ctx.options();
        DynamoDbServer server = ctx.server();
        Report.Section section = ctx.report().section(title);
        Path benchJar = Path.of(DynamoLockedAspect.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path runtimeJar = Path.of(DynamoDbLockManager.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        ctx.progress("generating and compiling the application (once)");
        List<Path> compileAgainst = List.of(Weavers.apiJar(), benchJar);
        Path classes = StartupApp.ensure(o.root().resolve("benchmarks/target/startup-app"), compileAgainst, true);
        Path unannotated = StartupApp.ensure(o.root().resolve("benchmarks/target/startup-app-unannotated"),
                compileAgainst, false);
        String libraries = String.join(java.io.File.pathSeparator, Weavers.apiJar().toString(), benchJar.toString(),
                runtimeJar.toString());
        String classPath = classes + java.io.File.pathSeparator + libraries;

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("plain", new Variant(List.of(), classPath));
        String agentProblem = Weavers.checkAgent(o.agentJar(), server);
        if (agentProblem == null) {
            variants.put("agent", new Variant(Weavers.agent(o.agentJar(), server), classPath));
            // Diagnoses that split what the agent adds. An invalid setting keeps the agent from creating
            // its manager (so the AWS SDK never starts) while it still weaves; the same application
            // without annotations gives the agent nothing to weave while its manager starts.
            List<String> noManager = new ArrayList<>(Weavers.agent(o.agentJar(), server));
            noManager.add("-Ddynamolock.lease=invalid");
            variants.put(NO_MANAGER, new Variant(noManager, classPath));
            variants.put(NOTHING_TO_WEAVE, new Variant(Weavers.agent(o.agentJar(), server),
                    unannotated + java.io.File.pathSeparator + libraries));
        }
        variants.put("AspectJ LTW", new Variant(Weavers.aspectj(), classPath));
        // Each variant must weave what it should, or its start-up figure means nothing.
        for (Map.Entry<String, Variant> v : variants.entrySet()) {
            if (v.getKey().equals(NO_MANAGER)) {
                continue; // it weaves, but its locked methods refuse to run without a manager
            }
            String woven = runOnce(v.getValue().options(), v.getValue().classPath(), true).woven;
            String expected = v.getKey().equals("plain") || v.getKey().equals(NOTHING_TO_WEAVE) ? "0"
                    : Integer.toString(StartupApp.LOCKED);
            if (!expected.equals(woven)) {
                throw new IllegalStateException(v.getKey() + ": " + woven + " of " + StartupApp.LOCKED
                        + " @DynamoLocked methods ran under a lock; expected " + expected);
            }
        }
        Map<String, Long> classCounts = new LinkedHashMap<>();
        for (Map.Entry<String, Variant> v : variants.entrySet()) {
            classCounts.put(v.getKey(), classesLoaded(v.getValue().options(), v.getValue().classPath()));
        }
        int rounds = o.pick(8, 3);
        Map<String, Tally> tallies = new LinkedHashMap<>();
        variants.keySet().forEach(k -> tallies.put(k, new Tally()));
        List<String> names = new ArrayList<>(variants.keySet());
        for (int r = -1; r < rounds; r++) {
            ctx.progress("round " + (r + 2) + " of " + (rounds + 1) + (r < 0 ? " (warm-up, not counted)" : ""));
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + Math.max(0, r)) % names.size());
                Run run = runOnce(variants.get(name).options(), variants.get(name).classPath(), false);
                if (r >= 0) {
                    tallies.get(name).wallNanos.add(run.wallNanos);
                    tallies.get(name).rssKb.add(run.rssKb);
                }
            }
        }
        long agentSize = Files.isRegularFile(o.agentJar()) ? Files.size(o.agentJar()) : -1;
        section.note("Server for the agent's manager: " + server.backend() + " (the agent starts its manager on a "
                + "background thread; the application never calls a locked method in the timed runs). The "
                + "application: " + String.format(java.util.Locale.ROOT, "%,d", StartupApp.CLASSES) + " generated "
                + "classes (a few fields and methods each), " + StartupApp.LOCKED + " of them with a "
                + "`@DynamoLocked(\"k-$<arg0>\")` method; its main loads and initialises every class, then exits. "
                + "Class path for every variant: the application, the api jar, the benchmarks jar (holding the "
                + "AspectJ aspect and its `META-INF/aop.xml`, which limits weaving to `io.dynamolock.benchmarks..*`) "
                + "and the runtime jar. Before timing, each variant ran once with `--check`, calling the "
                + StartupApp.LOCKED + " locked methods: the agent and AspectJ each locked all of them, plain none. "
                + "Then one warm-up round and " + rounds + " timed rounds, the variants taking turns (order "
                + "rotating); medians shown, and the fastest run (min), which the machine's other load disturbs "
                + "least. *Classes loaded* is one more run with `-Xlog:class+load`. *" + NO_MANAGER + "* runs the "
                + "agent with an invalid setting (`-Ddynamolock.lease=invalid`): it still weaves, but never creates "
                + "its manager, so the AWS SDK is never started; the difference to *agent* is what starting the "
                + "manager costs, the difference to *plain* what the weaving costs. *" + NOTHING_TO_WEAVE + "* runs "
                + "the agent, manager included, on the same application generated without any annotation: the "
                + "transformer sees every class, but Byte Buddy is never loaded. Peak RSS: "
                + (Files.isExecutable(TIME)
                ? "`/usr/bin/time` (maximum resident set size)" : "the JVM's VmHWM at the end of main") + ".");
        if (agentProblem != null) {
            section.note("**The agent's runs are pending**: " + agentProblem + ".");
        }
        Tally plain = tallies.get("plain");
        Tally aspectj = tallies.get("AspectJ LTW");
        long plainWall = plain.wallNanos.percentile(50);
        long plainRss = plain.rssKb.percentile(50);
        long aspectAdded = aspectj.wallNanos.percentile(50) - plainWall;
        Report.Table table = new Report.Table("variant", "wall s, median", "min", "max", "÷ plain", "added s",
                "added ÷ AspectJ's", "peak RSS MB, median", "added MB", "classes loaded");
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            long wall = t.wallNanos.percentile(50);
            long rss = t.rssKb.percentile(50);
            table.row(e.getKey(), Format.seconds(wall), Format.seconds(t.wallNanos.percentile(0)),
                    Format.seconds(t.wallNanos.max()), Format.ratio(wall / (double) plainWall),
                    e.getKey().equals("plain") ? "" : Format.seconds(wall - plainWall),
                    e.getKey().equals("plain") ? "" : Format.ratio((wall - plainWall) / (double) aspectAdded),
                    Format.number(rss / 1024.0), e.getKey().equals("plain") ? "" : Format.number((rss - plainRss)
                            / 1024.0), String.format(java.util.Locale.ROOT, "%,d", classCounts.get(e.getKey())));
        }
        if (agentProblem != null) {
            table.row("agent", "pending");
        }
        section.table(table);
        section.note("Agent jar: " + (agentSize < 0 ? "not built (pending)" : String.format(java.util.Locale.ROOT,
                "`%s`, %,d bytes (%.1f MB)", o.root().relativize(o.agentJar()), agentSize, agentSize / 1e6)) + ".");
        if (agentProblem != null) {
            ctx.report().target("start-up with the agent", "within 10% of plain", "not measured", Verdict.PENDING,
                    agentProblem);
            ctx.report().target("start-up the agent adds", "at most half of what AspectJ adds", "not measured",
                    Verdict.PENDING, agentProblem);
        } else {
            Tally agent = tallies.get("agent");
            long agentWall = agent.wallNanos.percentile(50);
            double ratio = agentWall / (double) plainWall;
            double ofAspect = (agentWall - plainWall) / (double) aspectAdded;
            long weavingOnly = tallies.get(NO_MANAGER).wallNanos.percentile(50) - plainWall;
            long managerOnly = tallies.get(NOTHING_TO_WEAVE).wallNanos.percentile(50) - plainWall;
            String cause = "of the " + Format.seconds(agentWall - plainWall) + " s the agent adds, "
                    + Format.seconds(weavingOnly) + " s remain with its manager off (the transformer and Byte Buddy's "
                    + "weaving) and " + Format.seconds(managerOnly) + " s with nothing to weave (the transformer and "
                    + "the manager: the AWS SDK starting on its background thread, which on 2 cores competes with "
                    + "the application); " + (classCounts.get("agent") - classCounts.get("plain"))
                    + " more classes loaded";
            ctx.report().target("start-up with the agent", "within 10% of plain", Format.ratio(ratio) + " ("
                            + Format.seconds(agentWall) + " s against " + Format.seconds(plainWall) + " s; fastest "
                            + Format.seconds(agent.wallNanos.percentile(0)) + " s against "
                            + Format.seconds(plain.wallNanos.percentile(0)) + " s)",
                    ratio <= 1.10 ? Verdict.MET : Verdict.MISSED, ratio <= 1.10 ? "" : "in the agent: " + cause);
            ctx.report().target("start-up the agent adds", "at most half of what AspectJ adds",
                    Format.ratio(ofAspect) + " (" + Format.seconds(agentWall - plainWall) + " s against "
                            + Format.seconds(aspectAdded) + " s)",
                    ofAspect <= 0.5 ? Verdict.MET : Verdict.MISSED, ofAspect <= 0.5 ? "" : "in the agent: " + cause);
        }
    }

    /** @return how many classes the JVM loaded in one run of the application with these options */
    private static long classesLoaded(List<String> jvmOptions, String classPath) throws Exception {
        Path log = Files.createTempFile("bench-classes", ".log");
        try {
            List<String> options = new ArrayList<>(jvmOptions);
            options.add("-Xlog:class+load=info:file=" + log);
            runOnce(options, classPath, false);
            try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
                return lines.filter(l -> l.contains("source:")).count();
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** One start: wall time, peak RSS, and with --check how many locked methods ran under a lock. */
    private record Run(long wallNanos, long rssKb, String woven) {
    }

    private static Run runOnce(List<String> jvmOptions, String classPath, boolean check) throws Exception {
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(TIME);
        if (timed) {
            command.addAll(List.of(TIME.toString(), "-f", "PEAK_RSS_KB %M"));
        }
        command.add(Jvm.java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, StartupApp.MAIN));
        if (check) {
            command.add("--check");
        } else if (!timed) {
            command.add("--rss");
        }
        Path err = Files.createTempFile("bench-startup", ".err");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("the start-up application did not exit within 5 minutes");
            }
            long wall = System.nanoTime() - t0;
            String stdout = new String(out, StandardCharsets.UTF_8);
            List<String> stderr = Files.readAllLines(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || !stdout.contains("LOADED " + StartupApp.CLASSES)) {
                throw new IllegalStateException("the start-up application failed (exit " + p.exitValue() + "): "
                        + stdout + String.join("\n", stderr));
            }
            long rss = 0;
            for (String line : stderr) {
                if (line.startsWith("PEAK_RSS_KB ")) {
                    rss = Long.parseLong(line.substring("PEAK_RSS_KB ".length()).trim());
                }
            }
            String woven = null;
            for (String line : stdout.split("\n")) {
                if (line.startsWith("WOVEN ")) {
                    woven = line.substring(6).trim();
                }
                if (line.startsWith("VMHWM_KB ")) {
                    rss = Long.parseLong(line.substring(9).trim());
                }
            }
            return new Run(wall, rss, woven);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the start-up application: " + e, e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
