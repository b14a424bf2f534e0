package io.dynamolock.examples.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A worker JVM of the job-runner example: races the other workers for every job until all are
 * done. Run it with {@code -javaagent:dynamolock-agent.jar}; without the agent nothing is locked.
 *
 * <pre>
 * java -javaagent:dynamolock-agent.jar -cp ... io.dynamolock.examples.jobs.JobWorker NAME BOARD_DIR JOBS [WORK_MS]
 * </pre>
 *
 * <p>Prints one event per line on standard output: {@code HOLD job-07 FENCE},
 * {@code DONE job-07 FENCE}, and {@code FINISHED} at the end.
 */
public final class JobWorker {
    private JobWorker() {
    }

    /**
     * @param args worker name, board folder, number of jobs, optional work time per job in ms
     * @throws InterruptedException when stopped
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: JobWorker NAME BOARD_DIR JOBS [WORK_MS]");
            System.exit(2);
        }
        String name = args[0];
        JobBoard board = new JobBoard(Path.of(args[1]));
        int jobs = Integer.parseInt(args[2]);
        Duration work = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 500);
        PrintStream out = System.out;
        JobProcessor processor = new JobProcessor(name, board, work, out);

        List<Job> remaining = new ArrayList<>();
        for (int i = 1; i <= jobs; i++) {
            remaining.add(new Job(String.format("%02d", i)));
        }
        Random random = new Random(name.hashCode());
        while (!remaining.isEmpty()) {
            Collections.shuffle(remaining, random);
            remaining.removeIf(job -> {
                try {
                    return processor.process(job);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            });
            if (!remaining.isEmpty()) {
                Thread.sleep(200); // the rest are held by other workers: try again shortly
            }
        }
        out.println("FINISHED");
        out.flush();
    }
}
