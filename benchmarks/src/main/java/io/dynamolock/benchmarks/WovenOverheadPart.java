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
    /**
     * The agent has no way yet to answer from memory (see the report): until it has, its runs go
     * to the suite's in-memory server, dynalite, and are labelled so.
     */
    static final String AGENT_MEMORY_HOOK = null;

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
            if (AGENT_MEMORY_HOOK == null) {
                section.note("**Pending on the agent: an in-memory lock store.** The agent always creates a "
                        + "`DynamoDbLockManager`, so its calls below include a round trip to " + server.backend()
                        + " (milliseconds, with noise far above the 25 ns target) and say nothing about the "
                        + "weaving's own cost. Needed: a switch read by the agent at start-up (for example the system "
                        + "property `dynamolock.store=memory`, for benchmarks and tests only) that makes it create an "
                        + "in-process manager answering from memory (acquire: put-if-absent with a rising fence; "
                        + "release: remove; no heartbeat) instead of the DynamoDB one. The suite then runs the agent's "
                        + "fork with that switch, the hand-written call going through `DynamoLock.manager()` to the "
                        + "same store, exactly as the AspectJ rows do with `InMemoryLockManager`.");
                Map<String, Figure> agent = jmh(ctx, "agent", server.backend(), Weavers.agent(o.agentJar(), server),
                        List.of(), 1, SERVER_CALLS);
                rows(table, "DynamoLock agent", server.backend() + " (a real server)", agent);
                List<String> props = new ArrayList<>(serverProps);
                props.add("-D" + Stores.STORE_PROPERTY + "=dynamodb");
                Map<String, Figure> aspectServer = jmh(ctx, "aspectj", server.backend(), Weavers.aspectj(), props, 1,
                        SERVER_CALLS);
                rows(table, "AspectJ LTW", server.backend() + " (a real server)", aspectServer);
                double diff = agent.get("annotated").ns - agent.get("handWritten").ns;
                ctx.report().target("woven overhead (agent)", "within 25 ns of the hand-written call",
                        Format.number(diff) + " ns ± " + Format.number(agent.get("annotated").error
                                + agent.get("handWritten").error) + " against " + server.backend(),
                        Verdict.PENDING, "the agent cannot answer from memory yet, so the calls include a server "
                                + "round trip whose noise is far above 25 ns; needs an in-memory store hook in the "
                                + "agent");
            }
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
