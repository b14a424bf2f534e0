package io.dynamolock.agent.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A child JVM that runs while the test talks to it: lines to its standard input, its standard
 * output read line by line as it comes (each line stamped with the time it arrived), standard
 * error kept in a file. Every wait is bounded and fails with everything the child printed.
 * {@link #close()} kills it; a shutdown hook kills any still alive if the test JVM itself ends.
 */
public final class RunningJvm implements AutoCloseable {

    /** One line of the child's standard output and when the test read it. */
    public record Line(String text, Instant arrived) {
        /**
         * @param word a word of the line, such as {@code fence}
         * @return the number after that word
         */
        public long number(String word) {
            String[] words = text.split(" ");
            for (int i = 0; i < words.length - 1; i++) {
                if (words[i].equals(word)) {
                    return Long.parseLong(words[i + 1]);
                }
            }
            throw new AssertionError("no number after '" + word + "' in: " + text);
        }
    }

    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
                "kill-child-jvms"));
    }

    private final String name;
    private final Process process;
    private final Path errFile;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final Writer stdin;

    RunningJvm(String name, ProcessBuilder builder, Path errFile) throws IOException {
        this.name = name;
        this.errFile = errFile;
        this.process = builder.start();
        ALIVE.add(process);
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::readOutput, "stdout-of-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(new Line(line, Instant.now()));
            }
        } catch (IOException e) {
            // The process was killed: what it printed before is kept.
        }
    }

    /** @return the name given at start */
    public String name() {
        return name;
    }

    /**
     * @param line a line for the child's standard input
     */
    public void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write '" + line + "' to " + describe(), e);
        }
    }

    /**
     * @param prefix  how the line starts
     * @param timeout how long to wait for it
     * @return the first line of standard output that starts with {@code prefix}
     * @throws AssertionError when none arrives in time or the child ends without printing it
     */
    public Line await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ended = !reader.isAlive();
            for (Line line : lines) {
                if (line.text().startsWith(prefix)) {
                    return line;
                }
            }
            if (ended) {
                throw new AssertionError("'" + prefix + "' never came: the output ended; " + describe());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("'" + prefix + "' did not come within " + timeout + "; " + describe());
            }
            pause(5);
        }
    }

    /**
     * @param prefix how the line starts
     * @return whether a line starting with {@code prefix} has arrived
     */
    public boolean printed(String prefix) {
        return lines.stream().anyMatch(line -> line.text().startsWith(prefix));
    }

    /**
     * @param timeout how long to wait
     * @return the exit code, once all output has been read
     * @throws AssertionError when it does not end in time
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("did not exit within " + timeout + "; " + describe());
            }
            reader.join(5_000);
            ALIVE.remove(process);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills the child at once (SIGKILL on Linux: no shutdown hook runs) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("still alive 10 s after SIGKILL; " + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        ALIVE.remove(process);
    }

    /**
     * Sends the child SIGTERM (its shutdown hooks run) and returns at once. Not {@link Process#destroy()}:
     * that also closes the pipes, so a child blocked reading its standard input would end its work at once.
     */
    public void terminate() {
        try {
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -TERM " + process.pid() + " failed; " + describe());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return the process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return all of standard output read so far */
    public String out() {
        return lines.stream().map(Line::text).collect(Collectors.joining(System.lineSeparator()));
    }

    /** @return standard error so far */
    public String err() {
        try {
            return Files.exists(errFile) ? Files.readString(errFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the child's name, state and everything it printed, for failure messages */
    public String describe() {
        return name + " (pid " + process.pid() + ", " + (process.isAlive() ? "running" : "exit " + process.exitValue())
                + ")\n--- stdout ---\n" + out() + "\n--- stderr ---\n" + err();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // Already gone.
        }
        if (process.isAlive()) {
            kill();
        }
        ALIVE.remove(process);
    }
}
