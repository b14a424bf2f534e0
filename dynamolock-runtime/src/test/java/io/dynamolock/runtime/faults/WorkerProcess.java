package io.dynamolock.runtime.faults;

import io.dynamolock.runtime.support.Fixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A {@link FaultWorker} JVM: started with this JVM's {@code java} and test class path, its
 * standard output collected line by line, its standard error kept in
 * {@code target/fault-workers/<owner>.log}. Signals are sent with {@code kill -s}. Closing kills
 * it (resuming it first if it was stopped) and waits a bounded time for it to go.
 */
final class WorkerProcess implements AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final String owner;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition newLine = lock.newCondition();
    private final Thread reader;

    private WorkerProcess(String owner, Process process) {
        this.owner = owner;
        this.process = process;
        this.reader = new Thread(this::readLines, "worker-out-" + owner);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * @param owner    the worker's owner id, also its log's name
     * @param settings {@code dynamolock.*} settings without the prefix, as system properties
     * @param args     {@link FaultWorker} arguments
     */
    static WorkerProcess start(Fixture fixture, String owner, Map<String, String> settings, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Start fast on a small, busy machine: the workers' speed is not under test.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Daws.accessKeyId=test", "-Daws.secretAccessKey=test",
                "-Ddynamolock.table=" + fixture.table,
                "-Ddynamolock.endpoint=" + fixture.server.endpoint(),
                "-Ddynamolock.region=" + fixture.server.region().id(),
                "-Ddynamolock.owner=" + owner,
                "-Ddynamolock.lease=" + Fixture.LEASE.toMillis() + "ms",
                "-Ddynamolock.heartbeat=" + Fixture.HEARTBEAT.toMillis() + "ms",
                "-Ddynamolock.clockSkew=" + Fixture.SKEW.toMillis() + "ms"));
        settings.forEach((k, v) -> command.add("-Ddynamolock." + k + "=" + v));
        command.add(FaultWorker.class.getName());
        command.addAll(List.of(args));
        try {
            Path logs = Path.of("target", "fault-workers");
            Files.createDirectories(logs);
            Process p = new ProcessBuilder(command)
                    .redirectError(logs.resolve(owner + ".log").toFile())
                    .start();
            p.getOutputStream().close();
            return fixture.closeLater(new WorkerProcess(owner, p));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a worker JVM", e);
        }
    }

    String owner() {
        return owner;
    }

    long pid() {
        return process.pid();
    }

    /** @return every line printed so far */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * @return the first line that matches, waiting for it up to {@code timeout}
     * @throws AssertionError when none came in time, quoting what the worker printed
     */
    String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("worker " + owner + " did not print the expected line within " + timeout
                            + " (alive: " + process.isAlive() + "); it printed: " + lines);
                }
                newLine.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the line starting with {@code prefix}, waiting for it */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(l -> l.startsWith(prefix), timeout);
    }

    /** Sends a signal by name: {@code KILL}, {@code STOP}, {@code CONT}, {@code TERM}. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
        }
    }

    /** @return whether the process exited within {@code timeout} */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                signal("CONT"); // a stopped process dies of SIGKILL too, but resume it so nothing lingers
            } catch (IOException | IllegalStateException e) {
                // it may have exited meanwhile
            }
            process.destroyForcibly();
        }
        if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("worker " + owner + " (pid " + process.pid() + ") did not exit");
        }
        reader.join(EXIT_WAIT.toMillis());
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                lock.lock();
                try {
                    newLine.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
