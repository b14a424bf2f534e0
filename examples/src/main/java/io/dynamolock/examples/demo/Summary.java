package io.dynamolock.examples.demo;

import io.dynamolock.examples.jobs.Job;
import io.dynamolock.examples.jobs.JobBoard;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo proves, read from the job logs the workers wrote under their locks.
 *
 * @param jobs        jobs in the run
 * @param done        jobs with a DONE line
 * @param duplicates  jobs finished more than once
 * @param holds       HOLD lines in all logs
 * @param fencesInOrder whether every job's fences strictly increase from one holder to the next
 * @param overlaps    holds that began while another live holder had not finished
 * @param takeovers   jobs whose holder was killed mid-job and that another worker then took
 * @param problems    one line per failed check
 */
record Summary(int jobs, int done, int duplicates, int holds, boolean fencesInOrder, int overlaps, int takeovers,
               List<String> problems) {

    static Summary of(JobBoard board, int jobs, String killedWorker, boolean expectTakeover) {
        int done = 0;
        int duplicates = 0;
        int holds = 0;
        int overlaps = 0;
        int takeovers = 0;
        boolean fencesInOrder = true;
        List<String> problems = new ArrayList<>();
        for (int i = 1; i <= jobs; i++) {
            Job job = new Job(String.format("%02d", i));
            List<String> lines = board.lines(job);
            int doneLines = 0;
            long lastFence = Long.MIN_VALUE;
            String openHolder = null;
            for (String line : lines) {
                String[] p = line.split(" ");
                String worker = p[1];
                long fence = Long.parseLong(p[2]);
                if (p[0].equals("HOLD")) {
                    holds++;
                    if (fence <= lastFence) {
                        fencesInOrder = false;
                        problems.add("job-" + job.id() + ": fence " + fence + " after " + lastFence);
                    }
                    if (openHolder != null) {
                        if (openHolder.equals(killedWorker)) {
                            takeovers++;
                        } else {
                            overlaps++;
                            problems.add("job-" + job.id() + ": " + worker + " held it while " + openHolder + " did");
                        }
                    }
                    lastFence = fence;
                    openHolder = worker;
                } else {
                    doneLines++;
                    openHolder = null;
                }
            }
            done += doneLines > 0 ? 1 : 0;
            if (doneLines > 1) {
                duplicates++;
                problems.add("job-" + job.id() + " was done " + doneLines + " times");
            }
        }
        if (done != jobs) {
            problems.add((jobs - done) + " jobs not done");
        }
        if (expectTakeover && takeovers != 1) {
            problems.add("expected 1 take-over of the killed worker's lock, saw " + takeovers);
        }
        return new Summary(jobs, done, duplicates, holds, fencesInOrder, overlaps, takeovers, List.copyOf(problems));
    }

    boolean passed() {
        return problems.isEmpty();
    }
}
