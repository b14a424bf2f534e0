package io.dynamolock.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The suite's command-line options.
 *
 * @param quick        shorter rounds and fewer repetitions, for a smoke run (figures are noisier)
 * @param parts        which parts to run, 1 to 7
 * @param server       the server every comparison runs on: {@code dynalite} or {@code moto}
 * @param cycleServers the servers part 2 runs on, each in turn
 * @param root         the project's root folder
 * @param output       the Markdown file to rewrite, or {@code null} for none
 * @param agentJar     the agent jar, for parts 5 and 6
 * @param command      the command line to record in the report
 */
public record Options(boolean quick, Set<Integer> parts, String server, List<String> cycleServers, Path root,
                      Path output, Path agentJar, String command) {

    static final String USAGE = """
            usage: benchmarks/run.sh [--quick] [--parts 1,2,...] [--server dynalite|moto]
                                     [--cycle-servers dynalite,moto] [--output FILE | --no-output]
                                     [--agent JAR] [--root DIR]
              --quick          short rounds, one repetition: a smoke run (about 4 minutes)
              --parts          which parts to run (default: all, 1 to 7)
              --server         the server every comparison runs on (default: dynalite)
              --cycle-servers  the servers part 2 runs on (default: dynalite,moto)
              --output         the report to rewrite (default: docs/BENCHMARKS.md under the root)
              --no-output      print the figures only
              --agent          the agent jar (default: dynamolock-agent/target/dynamolock-agent.jar)
            """;

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException on an unknown or malformed option
     */
    public static Options parse(String[] args) {
        boolean quick = false;
        Set<Integer> parts = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6, 7));
        String server = "dynalite";
        List<String> cycleServers = null;
        Path root = Path.of(System.getProperty("dynamolock.bench.root", ".")).toAbsolutePath().normalize();
        Path output = null;
        boolean noOutput = false;
        Path agent = null;
        String command = System.getProperty("dynamolock.bench.command", "BenchmarkSuite " + String.join(" ", args));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--parts" -> {
                    parts = new LinkedHashSet<>();
                    for (String p : value(args, ++i, a).split(",")) {
                        int n = Integer.parseInt(p.trim());
                        if (n < 1 || n > 7) {
                            throw new IllegalArgumentException("--parts: " + n + " is not a part (1 to 7)");
                        }
                        parts.add(n);
                    }
                }
                case "--server" -> server = server(value(args, ++i, a));
                case "--cycle-servers" -> {
                    cycleServers = new ArrayList<>();
                    for (String s : value(args, ++i, a).split(",")) {
                        cycleServers.add(server(s.trim()));
                    }
                }
                case "--output" -> output = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--no-output" -> noOutput = true;
                case "--agent" -> agent = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--root" -> root = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (cycleServers == null) {
            cycleServers = new ArrayList<>(List.of(server));
            if (!quick) {
                cycleServers.add(server.equals("dynalite") ? "moto" : "dynalite");
            }
        }
        if (output == null && !noOutput) {
            output = root.resolve("docs/BENCHMARKS.md");
        }
        if (noOutput) {
            output = null;
        }
        if (agent == null) {
            agent = root.resolve("dynamolock-agent/target/dynamolock-agent.jar");
        }
        return new Options(quick, parts, server, List.copyOf(cycleServers), root, output, agent, command);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String server(String s) {
        if (!s.equals("dynalite") && !s.equals("moto")) {
            throw new IllegalArgumentException("unknown server '" + s + "'; expected dynalite or moto");
        }
        return s;
    }

    /**
     * @param full  the value of a full run
     * @param quick the value of a quick run
     * @return the one for this run
     */
    public int pick(int full, int quick) {
        return this.quick ? quick : full;
    }
}
