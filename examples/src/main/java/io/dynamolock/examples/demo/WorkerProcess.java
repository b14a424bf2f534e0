package io.dynamolock.examples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/** One worker JVM of the demo; each line it prints becomes an {@link Event}. */
final class WorkerProcess {

    /**
     * A line a worker printed.
     *
     * @param worker  the worker's name
     * @param kind    HOLD, DONE, FINISHED, or EXIT when its output ended
     * @param job     the job id, when there is one
     * @param fence   the fence, when there is one
     * @param nanos   when the demo read it
     */
    record Event(String worker, String kind, String job, long fence, long nanos) {
    }

    private final String name;
    private final Process process;

    private WorkerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static WorkerProcess start(String name, List<String> command, Path log, BlockingQueue<Event> events) {
        try {
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            WorkerProcess worker = new WorkerProcess(name, p);
            Thread reader = new Thread(() -> worker.read(events), "demo-" + name);
            reader.setDaemon(true);
            reader.start();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void read(BlockingQueue<Event> events) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                String job = parts.length > 1 ? parts[1] : null;
                long fence = parts.length > 2 ? Long.parseLong(parts[2]) : 0;
                events.add(new Event(name, parts[0], job, fence, System.nanoTime()));
            }
        } catch (IOException | NumberFormatException e) {
            // the process died: reported as EXIT below
        }
        events.add(new Event(name, "EXIT", null, 0, System.nanoTime()));
    }

    String name() {
        return name;
    }

    /** Kills the JVM at once, as a crash would: SIGKILL, no shutdown hook, no release. */
    void kill() {
        process.destroyForcibly();
    }

    void stop() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }
}
