package io.dynamolock.benchmarks;

import io.dynamolock.benchmarks.Report.Verdict;
import io.dynamolock.benchmarks.weaving.Stores;
import io.dynamolock.benchmarks.weaving.WovenCallBenchmark;
import io.dynamolock.testing.DynamoDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Part 5: the cost of the weaving, with JMH: a {@code @DynamoLocked} method against the same call
 * written by hand, under the agent and under AspectJ's load-time weaving, with allocation per call
 * ({@code -prof gc}). Each weaver runs in its own JMH forks; within a fork, the hand-written and
 * the woven call reach the same lock store, so their difference is the weaving alone.
 */
final class WovenOverheadPart {
    /** Makes the agent answer from memory (the runtime's {@code InMemoryLockManager}): only the weaving is measured. */
    static final String AGENT_MEMORY_STORE = "-Ddynamolock.store=memory";

    private static final List<String> ALL_CALLS = List.of("direct", "handWritten", "annotated");
    /** Against a server the body alone says nothing new: only the two calls compared. */
    private static final List<String> SERVER_CALLS = List.of("handWritten", "annotated");

    private WovenOverheadPart() {
    }

    /** One benchmark's result. */
    private record Figure(double ns, double error, double bytes) {
    }

    static void run(RunContext ctx, String title) throws Exception {
        Options o = ctx.options();
        DynamoDbServer server = ctx.server();
        Report.Section section = ctx.report().section(title);
        int forks = o.pick(2, 1);
        section.note("JMH " + Weavers.versionOf("jmh-core")
                + ", average time per call, " + forks + " fork(s) per weaver, " + (o.quick()
                ? "2 × 0.5 s warm-up and 3 × 0.5 s measurement" : "5 × 1 s warm-up and 5 × 1 s measurement")
                + " iterations, `-prof gc` for bytes allocated per call. "
                + "*direct* is the body alone, *hand-written* takes and releases the lock by hand "
                + "(`tryAcquire` + `close`), *annotated* calls the `@DynamoLocked(\"k-$<arg0>\")` method that the "
                + "fork's weaver wove. With the agent, the hand-written call uses the agent's own manager "
                + "(`DynamoLock.manager()`); with AspectJ, both use the same store as the aspect. The AspectJ "
                + "aspect (`DynamoLockedAspect`, woven by `aspectjweaver` "
                + Weavers.versionOf("aspectjweaver") + ") does what the agent's advice does: template parsed once per "
                + "method, per-thread re-entrancy, exclusion among the JVM's threads, the store, the body, the "
                + "release.");
        Report.Table table = new Report.Table("weaver", "lock store", "call", "ns per call", "± (99.9%)",
                "bytes per call", "woven − hand-written, ns", "woven ÷ hand-written");
        Map<String, Figure> aspectMemory = jmh(ctx, "aspectj", "memory", Weavers.aspectj(), List.of(
                "-D" + Stores.STORE_PROPERTY + "=memory"), forks, ALL_CALLS);
        rows(table, "AspectJ LTW", "in memory", aspectMemory);

        String agentProblem = Weavers.checkAgent(o.agentJar(), server);
        if (agentProblem != null) {
            section.note("**The agent's runs are pending**: " + agentProblem + ".");
            ctx.report().target("woven overhead (agent)", "within 25 ns of the hand-written call", "not measured",
                    Verdict.PENDING, agentProblem);
        } else {
            List<String> serverProps = List.of("-Ddynamolock.endpoint=" + server.endpoint(),
                    "-Ddynamolock.region=" + server.region().id(), "-Daws.accessKeyId=test",
                    "-Daws.secretAccessKey=test");
            Map<String, Figure> agentMemory = jmh(ctx, "agent", "memory", List.of("-javaagent:" + o.agentJar()),
                    List.of(AGENT_MEMORY_STORE), forks, ALL_CALLS);
            rows(table, "DynamoLock agent", "in memory", agentMemory);
            double diff = agentMemory.get("annotated").ns - agentMemory.get("handWritten").ns;
            double error = agentMemory.get("annotated").error + agentMemory.get("handWritten").error;
            ctx.report().target("woven overhead (agent)", "within 25 ns of the hand-written call",
                    Format.number(diff) + " ns ± " + Format.number(error) + " (AspectJ: "
                            + Format.number(aspectMemory.get("annotated").ns - aspectMemory.get("handWritten").ns)
                            + " ns)", diff <= 25 ? Verdict.MET : Verdict.MISSED,
                    diff <= 25 ? "" : "in the agent's advice or bridge (see part 5)");
            // The same two calls against a real server: what the weaving weighs beside a round trip.
            Map<String, Figure> agent = jmh(ctx, "agent", server.backend(), Weavers.agent(o.agentJar(), server),
                    List.of(), 1, SERVER_CALLS);
            rows(table, "DynamoLock agent", server.backend() + " (a real server)", agent);
            List<String> props = new ArrayList<>(serverProps);
            props.add("-D" + Stores.STORE_PROPERTY + "=dynamodb");
            Map<String, Figure> aspectServer = jmh(ctx, "aspectj", server.backend(), Weavers.aspectj(), props, 1,
                    SERVER_CALLS);
            rows(table, "AspectJ LTW", server.backend() + " (a real server)", aspectServer);
            Figure h = agentMemory.get("handWritten");
            Figure a = agentMemory.get("annotated");
            section.note("The agent, in memory: the woven call costs " + Format.number(a.ns - h.ns) + " ns and "
                    + Format.number(a.bytes - h.bytes) + " bytes more than the hand-written one. Both go through "
                    + "the bootstrap bridge to the agent's lock service and its `InMemoryLockManager` "
                    + "(`-Ddynamolock.store=memory`), the store the AspectJ rows use too.");
        }
        section.table(table);
        Figure h = aspectMemory.get("handWritten");
        Figure a = aspectMemory.get("annotated");
        section.note("AspectJ, in memory: the woven call costs " + Format.number(a.ns - h.ns) + " ns and "
                + Format.number(a.bytes - h.bytes) + " bytes more than the hand-written one.");
    }

    private static void rows(Report.Table table, String weaver, String store, Map<String, Figure> f) {
        Figure hand = f.get("handWritten");
        for (Map.Entry<String, Figure> e : f.entrySet()) {
            Figure x = e.getValue();
            boolean woven = e.getKey().equals("annotated");
            table.row(weaver, store, e.getKey().equals("handWritten") ? "hand-written" : e.getKey(),
                    Format.number(x.ns), Format.number(x.error), Format.number(x.bytes),
                    woven ? Format.number(x.ns - hand.ns) : "", woven ? Format.ratio(x.ns / hand.ns) : "");
        }
    }

    private static Map<String, Figure> jmh(RunContext ctx, String weaver, String store, List<String> weaverOptions,
                                           List<String> props, int forks, List<String> calls) throws Exception {
        Options o = ctx.options();
        ctx.progress("JMH: " + weaver + ", store " + store);
        List<String> jvmArgs = new ArrayList<>(weaverOptions);
        jvmArgs.addAll(props);
        jvmArgs.add("-D" + WovenCallBenchmark.WEAVER_PROPERTY + "=" + weaver);
        jvmArgs.add("-Xmx1g");
        Path log = o.root().resolve("benchmarks/target/jmh-" + weaver + "-" + store + ".log");
        Files.createDirectories(log.getParent());
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(WovenCallBenchmark.class.getName() + (calls.size() == 3
                        ? "\\.(direct|handWritten|annotated)$" : "\\.(handWritten|annotated)$"))
                .forks(forks)
                .warmupIterations(o.pick(5, 2))
                .warmupTime(TimeValue.milliseconds(o.pick(1000, 500)))
                .measurementIterations(o.pick(5, 3))
                .measurementTime(TimeValue.milliseconds(o.pick(1000, 500)))
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL)
                .output(log.toString());
        Collection<RunResult> results = new Runner(b.build()).run();
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (String name : calls) {
            for (RunResult r : results) {
                if (r.getParams().getBenchmark().endsWith("." + name)) {
                    Result<?> primary = r.getPrimaryResult();
                    double bytes = Double.NaN;
                    for (Map.Entry<String, Result> s : r.getSecondaryResults().entrySet()) {
                        if (s.getKey().endsWith("gc.alloc.rate.norm")) {
                            bytes = s.getValue().getScore();
                        }
                    }
                    figures.put(name, new Figure(primary.getScore(), primary.getScoreError(), bytes));
                }
            }
        }
        if (figures.size() != calls.size()) {
            throw new IllegalStateException("JMH (" + weaver + ") reported " + figures.keySet() + "; see " + log);
        }
        return figures;
    }
}
