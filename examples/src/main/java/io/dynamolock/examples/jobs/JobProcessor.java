package io.dynamolock.examples.jobs;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.Lock;
import io.dynamolock.OnLocked;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Processes one job under a cluster-wide lock on {@code job-<id>}. A busy job is skipped
 * ({@link OnLocked#SKIP} returns {@code false}) and retried on the worker's next pass.
 */
public class JobProcessor {
    private final String worker;
    private final JobBoard board;
    private final Duration workTime;
    private final PrintStream events;

    /**
     * @param worker   this worker's name
     * @param board    the shared job board
     * @param workTime how long one job takes
     * @param events   where HOLD/DONE/SKIP events are reported, one per line
     */
    public JobProcessor(String worker, JobBoard board, Duration workTime, PrintStream events) {
        this.worker = worker;
        this.board = board;
        this.workTime = workTime;
        this.events = events;
    }

    /**
     * Processes {@code job} unless another worker holds it or already finished it.
     *
     * @param job the job
     * @return {@code true} when the job is done (by this worker or an earlier one); {@code false}
     *     when another worker holds its lock
     * @throws InterruptedException when the worker is stopped
     */
    @DynamoLocked(value = "job-$<arg0.id>", onLocked = OnLocked.SKIP)
    public boolean process(Job job) throws InterruptedException {
        if (board.isDone(job)) {
            return true; // finished by another worker before we got the lock: nothing to do
        }
        Lock lock = DynamoLock.current().orElseThrow();
        board.record(job, "HOLD", worker, lock.fence());
        events.println("HOLD " + job.id() + " " + lock.fence());
        Thread.sleep(workTime.toMillis());
        board.record(job, "DONE", worker, lock.fence());
        events.println("DONE " + job.id() + " " + lock.fence());
        return true;
    }
}
