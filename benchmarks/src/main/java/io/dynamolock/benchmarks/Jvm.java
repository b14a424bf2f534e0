package io.dynamolock.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A forked JVM on this suite's class path, whose standard output is read line by line (and whose
 * standard error is kept in a file for when it fails).
 */
public final class Jvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private Jvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                lines.add(EOF);
            }
        }, "bench-jvm-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** @return the java launcher of the JVM running the suite */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code mainClass} of this suite in a new JVM with the suite's class path.
     *
     * @param jvmArgs   JVM options
     * @param mainClass the class whose main runs
     * @param args      its arguments
     * @return the running JVM
     * @throws IOException when it cannot be started
     */
    public static Jvm start(List<String> jvmArgs, Class<?> mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        Path err = java.nio.file.Files.createTempFile("bench-" + mainClass.getSimpleName(), ".err");
        err.toFile().deleteOnExit();
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        return new Jvm(p, err);
    }

    /**
     * @param prefix  what the line starts with
     * @param timeout how long to wait for it
     * @return the first line with that prefix
     * @throws IllegalStateException when the JVM ended or the time ran out first
     */
    public String awaitLine(String prefix, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("no '" + prefix + "' line from the forked JVM within " + timeout + " "
                        + unit + errorTail());
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new IllegalStateException("the forked JVM ended before printing '" + prefix + "'" + errorTail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * @param timeout how long to wait for the JVM to end
     * @return every line printed until it ended
     */
    public List<String> awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            process.destroyForcibly();
            throw new IllegalStateException("the forked JVM did not end within " + timeout + " " + unit + errorTail());
        }
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                break;
            }
            out.add(line);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the forked JVM exited with " + process.exitValue() + errorTail());
        }
        return out;
    }

    /** @param line a line for the JVM's standard input */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Kills the JVM at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
    }

    /** @return the process */
    public Process process() {
        return process;
    }

    private String errorTail() {
        try {
            List<String> err = java.nio.file.Files.readAllLines(stderr, StandardCharsets.UTF_8);
            // The exception's own lines and causes say more than the last frames of a stack trace.
            List<String> telling = err.stream().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t..."))
                    .limit(20).toList();
            return telling.isEmpty() ? "" : "; its standard error says:\n  " + String.join("\n  ", telling);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
