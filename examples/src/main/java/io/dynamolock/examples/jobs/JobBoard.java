package io.dynamolock.examples.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The shared state the workers coordinate on: a folder with one log file per job. A worker
 * appends {@code HOLD worker fence} when it starts a job under its lock and
 * {@code DONE worker fence} when it finished; a job is done once its log has a DONE line.
 * The demo reads the same files to count duplicates and check the fences' order.
 */
public final class JobBoard {
    private final Path folder;

    /** @param folder the shared folder, created when missing */
    public JobBoard(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param job a job @return whether some worker finished it */
    public boolean isDone(Job job) {
        return lines(job).stream().anyMatch(l -> l.startsWith("DONE "));
    }

    /** @param job a job @return its log, oldest line first */
    public List<String> lines(Job job) {
        Path log = log(job);
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends one line to the job's log.
     *
     * @param job   the job
     * @param event {@code HOLD} or {@code DONE}
     * @param worker the worker's name
     * @param fence the fencing token of the lock it holds
     */
    public void record(Job job, String event, String worker, long fence) {
        String line = event + " " + worker + " " + fence + "\n";
        try {
            Files.writeString(log(job), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path log(Job job) {
        return folder.resolve(job.id() + ".log");
    }
}
