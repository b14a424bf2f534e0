package io.dynamolock.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Runs the benchmarks side by side and writes {@code docs/BENCHMARKS.md}. Start it with
 * {@code benchmarks/run.sh}, which builds the module and passes the project root; see
 * {@link Options#USAGE} for the options.
 *
 * <p>Every comparison runs its contenders in the same run, against the same server, interleaved
 * where timing matters, and reports each figure as an absolute value and as a ratio.
 */
public final class BenchmarkSuite {
    private BenchmarkSuite() {
    }

    /**
     * @param args see {@link Options#USAGE}
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        // Our own library's and the AWS client's loggers would otherwise print INFO lines between the figures.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        PrintStream out = System.out;
        Report report = new Report();
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        boolean failed = false;
        try (RunContext ctx = new RunContext(options, report, out)) {
            out.println("# DynamoLock benchmarks" + (options.quick() ? " (quick)" : "") + "\n");
            for (int part : options.parts()) {
                long p0 = System.nanoTime();
                try {
                    runPart(part, ctx);
                } catch (Exception | AssertionError e) {
                    failed = true;
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    report.section(title(part) + ": failed")
                            .note("The part failed: `" + e + "`. No figure of it is reported.");
                    System.err.println(trace);
                }
                Report.Section last = report.sections().get(report.sections().size() - 1);
                last.print(out);
                out.printf("(part %d took %s s)%n%n", part, Format.seconds(System.nanoTime() - p0));
            }
            long elapsed = System.nanoTime() - t0;
            out.println("## Targets\n\n" + report.targetsMarkdown() + "\n");
            out.printf("Total: %s s%n", Format.seconds(elapsed));
            if (options.output() != null) {
                write(options, ctx, report, started, elapsed, loadBefore, Machine.loadAverage());
                out.println("Wrote " + options.root().relativize(options.output()));
            }
        } catch (IOException e) {
            System.err.println("could not write the report: " + e);
            failed = true;
        }
        System.exit(failed ? 1 : 0);
    }

    static String title(int part) {
        return switch (part) {
            case 1 -> "1. Requests per operation";
            case 2 -> "2. Lock-cycle latency and throughput";
            case 3 -> "3. Contention: 4 JVMs × 8 threads on one key";
            case 4 -> "4. Take-over of a killed holder's lock";
            case 5 -> "5. Woven-call overhead (JMH)";
            case 6 -> "6. Agent start-up cost";
            case 7 -> "7. Heartbeat scale";
            default -> throw new IllegalArgumentException("part " + part);
        };
    }

    private static void runPart(int part, RunContext ctx) throws Exception {
        ctx.progress("part " + part + ": " + title(part));
        switch (part) {
            case 1 -> RequestsPart.run(ctx, title(part));
            case 2 -> CyclePart.run(ctx, title(part));
            case 3 -> ContentionPart.run(ctx, title(part));
            case 4 -> TakeOverPart.run(ctx, title(part));
            case 5 -> WovenOverheadPart.run(ctx, title(part));
            case 6 -> StartupPart.run(ctx, title(part));
            case 7 -> HeartbeatScalePart.run(ctx, title(part));
            default -> throw new IllegalArgumentException("part " + part);
        }
    }

    private static void write(Options options, RunContext ctx, Report report, ZonedDateTime started, long elapsed,
                              String loadBefore, String loadAfter) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by the benchmark suite (`benchmarks/`); do not edit by hand: run it again.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| command | `").append(options.command()).append("` |\n");
        md.append("| date | ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" |\n");
        md.append("| run time | ").append(String.format(java.util.Locale.ROOT, "%.1f min", elapsed / 60e9))
                .append(options.quick()
                ? " (`--quick`: short rounds, figures noisier)" : "").append(" |\n");
        for (Map.Entry<String, String> fact : Machine.describe().entrySet()) {
            md.append("| ").append(fact.getKey()).append(" | ").append(fact.getValue()).append(" |\n");
        }
        md.append("| load average (1, 5, 15 min) | ").append(loadBefore).append(" at the start, ").append(loadAfter)
                .append(" at the end: the machine is shared, and other work on it shows in the figures |\n");
        for (Map.Entry<String, String> s : ctx.serverVersions().entrySet()) {
            md.append("| server: ").append(s.getKey()).append(" | ").append(s.getValue())
                    .append(s.getKey().equals(options.server()) ? "; every comparison runs on it" : "")
                    .append(" |\n");
        }
        md.append("\n");
        md.append(Methods.TEXT).append("\n\n");
        md.append("## Targets\n\n").append(report.targetsMarkdown()).append("\n\n");
        for (Report.Section s : report.sections()) {
            md.append(s.markdown());
        }
        Files.createDirectories(options.output().getParent());
        Files.writeString(options.output(), md.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
    }
}
