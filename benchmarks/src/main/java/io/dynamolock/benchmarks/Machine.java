package io.dynamolock.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: cores, memory, CPU, OS, JDK and the servers. */
public final class Machine {
    private Machine() {
    }

    /** @return facts about this machine, in display order */
    public static Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cores (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("memory", memory());
        facts.put("CPU", cpu());
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return facts;
    }

    /** @return the 1, 5 and 15 minute load averages now, e.g. {@code 0.35 1.04 2.14} */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memory() {
        String total = procLine("/proc/meminfo", "MemTotal:");
        if (total == null) {
            return "unknown";
        }
        long kb = Long.parseLong(total.replaceAll("[^0-9]", ""));
        return String.format(java.util.Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
    }

    private static String cpu() {
        String model = procLine("/proc/cpuinfo", "model name");
        return model == null ? System.getProperty("os.arch") : model.substring(model.indexOf(':') + 1).trim();
    }

    private static String procLine(String file, String prefix) {
        try {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the caller says unknown
        }
        return null;
    }

    /**
     * @param backend the server kind, as {@code DynamoDbServer.backend()} names it
     * @param workDir the test-server work folder, where dynalite is installed
     * @return the server and its version, e.g. {@code dynalite 4.0.0 (in memory) on Node.js v20.20.2}
     */
    public static String server(String backend, Path workDir) {
        if (backend.equals("dynalite")) {
            String version = "?";
            Path pkg = workDir.resolve("dynalite/node_modules/dynalite/package.json");
            try {
                String json = Files.readString(pkg, StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
                        .matcher(json);
                if (m.find()) {
                    version = m.group(1);
                }
            } catch (IOException e) {
                // version unknown
            }
            return "dynalite " + version + " (in memory) on Node.js " + run("node", "--version");
        }
        if (backend.equals("moto")) {
            return "moto " + run("python3", "-c", "import moto; print(moto.__version__)") + " on Python "
                    + run("python3", "-c", "import platform; print(platform.python_version())")
                    + ", started by dynamolock-testing (single-threaded: threaded moto lets racing conditional writes "
                    + "both win)";
        }
        return backend;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "?";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
