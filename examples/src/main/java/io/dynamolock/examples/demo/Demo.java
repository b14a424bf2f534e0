package io.dynamolock.examples.demo;

import io.dynamolock.examples.demo.WorkerProcess.Event;
import io.dynamolock.examples.jobs.JobBoard;
import io.dynamolock.examples.jobs.JobWorker;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The multi-JVM demo: three worker JVMs with the agent race for the same jobs, one is killed with
 * SIGKILL while it holds a lock, and the lock is taken over after its lease. Ends with a summary
 * and exits non-zero when a check failed.
 *
 * <p>Uses {@code -Ddynamolock.endpoint} (or {@code DYNAMOLOCK_ENDPOINT}) when given, real AWS with
 * {@code --aws}-style settings ({@code dynamolock.region} without an endpoint), and otherwise
 * starts a local DynamoDB-compatible server with the tests' chooser.
 */
public final class Demo {
    private static final String VICTIM = "worker-2";

    private final DemoOptions options;
    private final PrintStream out;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * @param args {@code --short} for the quick run CI uses
     * @throws Exception when the demo could not run
     */
    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Summary summary = new Demo(options, System.out).run();
        System.exit(summary.passed() ? 0 : 1);
    }

    Summary run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(options.agentJar())) {
            throw new IllegalStateException("agent jar " + options.agentJar().toAbsolutePath()
                    + " not found: build it with mvn -DskipTests install");
        }
        String endpoint = setting("dynamolock.endpoint", "DYNAMOLOCK_ENDPOINT");
        String region = setting("dynamolock.region", "DYNAMOLOCK_REGION");
        DynamoDbServer server = null;
        Thread cleanup = new Thread(this::stopWorkers, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (endpoint == null && region == null) {
                server = DynamoDbServers.start();
                endpoint = server.endpoint().toString();
                region = server.region().id();
            }
            return race(endpoint == null ? null : URI.create(endpoint), region == null ? "us-east-1" : region,
                    server != null);
        } finally {
            stopWorkers();
            if (server != null) {
                server.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        }
    }

    private Summary race(URI endpoint, String region, boolean localServer) throws IOException, InterruptedException {
        String table = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("dynamolock-demo");
        JobBoard board = new JobBoard(dir.resolve("board"));
        out.printf("DynamoLock demo: %d worker JVMs race for %d jobs under @DynamoLocked(\"job-$<arg0.id>\")%n",
                options.workers(), options.jobs());
        out.printf("server %s, table %s, lease %s, heartbeat %s; logs in %s%n",
                endpoint == null ? "AWS " + region : endpoint, table, seconds(options.lease()),
                seconds(options.heartbeat()), dir);

        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        for (int i = 1; i <= options.workers(); i++) {
            String name = "worker-" + i;
            workers.add(WorkerProcess.start(name, command(name, endpoint, region, table, dir, localServer),
                    dir.resolve(name + ".err"), events));
        }
        log("started %d worker JVMs with -javaagent:%s", options.workers(), options.agentJar().getFileName());

        Set<String> done = new HashSet<>();
        Set<String> exited = new HashSet<>();
        String killedJob = null;
        long killedAt = 0;
        boolean takenOver = false;
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (exited.size() < workers.size() && System.nanoTime() < deadline) {
            Event e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            switch (e.kind()) {
                case "HOLD" -> {
                    if (killedJob != null && !takenOver && killedJob.equals(e.job())) {
                        takenOver = true;
                        log("%-9s holds job-%s  fence %d  <- taken over %.1f s after the kill (lease %s)",
                                e.worker(), e.job(), e.fence(), (e.nanos() - killedAt) / 1e9, seconds(options.lease()));
                    } else {
                        log("%-9s holds job-%s  fence %d", e.worker(), e.job(), e.fence());
                    }
                    if (killedJob == null && e.worker().equals(VICTIM) && done.size() >= options.jobs() / 4) {
                        worker(VICTIM).kill();
                        killedJob = e.job();
                        killedAt = System.nanoTime();
                        log("%-9s KILLED with SIGKILL while holding job-%s: its lock stays until the lease runs out",
                                VICTIM, killedJob);
                    }
                }
                case "DONE" -> {
                    if (done.add(e.job())) {
                        log("%-9s done  job-%s  %s %d/%d", e.worker(), e.job(), bar(done.size()), done.size(),
                                options.jobs());
                    }
                }
                case "EXIT" -> exited.add(e.worker());
                default -> { }
            }
        }
        if (System.nanoTime() >= deadline) {
            log("timed out after %s", seconds(options.timeout()));
        }
        Summary summary = Summary.of(board, options.jobs(), VICTIM, killedJob != null);
        print(summary, killedJob);
        return summary;
    }

    private List<String> command(String name, URI endpoint, String region, String table, Path dir,
                                 boolean localServer) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-javaagent:" + options.agentJar().toAbsolutePath());
        c.add("-XX:TieredStopAtLevel=1");
        if (endpoint != null) {
            c.add("-Ddynamolock.endpoint=" + endpoint);
        }
        c.add("-Ddynamolock.region=" + region);
        c.add("-Ddynamolock.table=" + table);
        c.add("-Ddynamolock.lease=" + options.lease().toMillis() + "ms");
        c.add("-Ddynamolock.heartbeat=" + options.heartbeat().toMillis() + "ms");
        c.add("-Ddynamolock.clockSkew=" + options.clockSkew().toMillis() + "ms");
        c.add("-Ddynamolock.owner=" + name);
        if (localServer) {
            c.add("-Daws.accessKeyId=test");
            c.add("-Daws.secretAccessKey=test");
        }
        c.add("-cp");
        c.add(options.classPath());
        c.add(JobWorker.class.getName());
        c.add(name);
        c.add(dir.resolve("board").toString());
        c.add(Integer.toString(options.jobs()));
        c.add(Long.toString(options.work().toMillis()));
        return c;
    }

    private void print(Summary s, String killedJob) {
        out.println();
        out.println("Summary");
        out.printf("  jobs done        %d/%d%n", s.done(), s.jobs());
        out.printf("  duplicates       %d%n", s.duplicates());
        out.printf("  fences in order  %s (%d holds)%n", s.fencesInOrder() ? "yes" : "NO", s.holds());
        out.printf("  overlaps         %d%n", s.overlaps());
        out.printf("  take-overs       %d%s%n", s.takeovers(),
                killedJob == null ? "" : " (job-" + killedJob + ", held by the killed " + VICTIM + ")");
        for (String p : s.problems()) {
            out.println("  problem: " + p);
        }
        out.println("  result           " + (s.passed() ? "PASS" : "FAIL"));
    }

    private WorkerProcess worker(String name) {
        return workers.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    private void stopWorkers() {
        workers.forEach(WorkerProcess::stop);
    }

    private void log(String format, Object... args) {
        out.printf("%6.1fs  %s%n", (System.nanoTime() - startNanos) / 1e9, String.format(format, args));
    }

    private String bar(int done) {
        int width = 20;
        int filled = done * width / options.jobs();
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
