package io.dynamolock.runtime.faults;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.syntax.DurationSyntax;
import io.dynamolock.testing.fault.History;
import io.dynamolock.testing.fault.Section;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A lock holder in its own JVM, for the process-level fault scenarios: it uses the runtime as a
 * plain library, configured like any application (system properties {@code dynamolock.*}, AWS
 * credentials from {@code aws.accessKeyId}/{@code aws.secretAccessKey}), and closes its manager
 * in a shutdown hook. It prints what it does, one line each, for the test to read:
 * {@code READY}, {@code WAITING key}, {@code ACQUIRED key fence}, the section lines of
 * {@link History}, {@code WRITE key fence ok|refused startNanos}, {@code NOT-ACQUIRED key}, {@code DONE},
 * {@code CLOSED}.
 *
 * <p>On a shutdown (SIGTERM), the hook first tells the holding loop to stop working and waits
 * for it (bounded), and only then closes the manager, which releases the locks: releasing a
 * lock under a section still running would let the next holder in while it ran.
 *
 * <p>Arguments, {@code name=value}:
 * <ul>
 *   <li>{@code keys}: comma-separated keys, all acquired, then held together;</li>
 *   <li>{@code wait}: how long each acquire may wait (default {@code 0s});</li>
 *   <li>{@code hold}: how long to hold them, on this JVM's monotonic clock ({@code 0s}: until
 *       the process is stopped);</li>
 *   <li>{@code writes}: a table to make fenced writes to while holding, every 100 ms: item
 *       {@code data-<key>}, accepted only if its stored fence is not higher;</li>
 *   <li>{@code watch}: {@code true} to end a section as soon as its lock is no longer held;
 *       {@code false} (default) for a holder that only learns of a loss when it releases.</li>
 * </ul>
 */
public final class FaultWorker {
    private static final long WRITE_EVERY_MILLIS = 100;

    private FaultWorker() {
    }

    /** @param args {@code name=value} arguments, see the class comment */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<String> keys = List.of(a.get("keys").split(","));
        Duration wait = DurationSyntax.parse(a.getOrDefault("wait", "0s"));
        Duration hold = DurationSyntax.parse(a.getOrDefault("hold", "0s"));
        String writes = a.get("writes");
        boolean watch = Boolean.parseBoolean(a.getOrDefault("watch", "false"));

        DynamoDbLockManager manager = DynamoDbLockManager.builder().build();
        StopSignal stop = new StopSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.requestAndAwait(Duration.ofSeconds(2));
            manager.close();
            out.println("CLOSED");
        }, "worker-close"));
        manager.start();
        out.println("READY");

        DynamoDbClient dataClient = writes == null ? null : DynamoDbClient.builder()
                .endpointOverride(manager.settings().endpoint().orElseThrow())
                .region(Region.of(manager.settings().region().orElseThrow()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        List<Lock> locks = new ArrayList<>();
        for (String key : keys) {
            out.println("WAITING " + key);
            var lock = manager.tryAcquire(key, wait);
            if (lock.isEmpty()) {
                out.println("NOT-ACQUIRED " + key);
                continue;
            }
            long start = System.nanoTime();
            out.println("ACQUIRED " + key + " " + lock.get().fence() + " " + System.currentTimeMillis());
            out.println(History.beginLine(key, lock.get().fence(), start));
            locks.add(lock.get());
        }

        long until = hold.isZero() ? Long.MAX_VALUE : System.nanoTime() + hold.toNanos();
        List<Lock> working = new ArrayList<>(locks);
        while (!working.isEmpty() && System.nanoTime() - until < 0 && !stop.requested()) {
            for (Lock lock : List.copyOf(working)) {
                if (watch && !lock.isHeld()) {
                    // Stop working under it at once; the release below reports why.
                    end(out, lock, System.nanoTime());
                    working.remove(lock);
                    continue;
                }
                if (dataClient != null) {
                    long started = System.nanoTime();
                    boolean accepted = fencedWrite(dataClient, writes, lock, manager.owner());
                    out.println("WRITE " + lock.key() + " " + lock.fence() + " " + (accepted ? "ok" : "refused") + " "
                            + started);
                }
            }
            Thread.sleep(WRITE_EVERY_MILLIS);
        }
        long end = System.nanoTime();
        if (stop.requested()) {
            // Shutting down: the work stops here and releases its locks; close() never releases a lock in use.
            for (Lock lock : working) {
                end(out, lock, end);
            }
            stop.stopped();
            return;
        }
        for (Lock lock : working) {
            end(out, lock, end);
        }
        out.println("DONE");
        System.exit(0);
    }

    /** The shutdown hook's request that the holding loop stop, and the loop's answer. */
    private static final class StopSignal {
        private volatile boolean requested;
        private final CountDownLatch stopped = new CountDownLatch(1);

        boolean requested() {
            return requested;
        }

        void requestAndAwait(Duration bound) {
            requested = true;
            try {
                stopped.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stopped() {
            stopped.countDown();
        }
    }

    /** Ends a section: releases its lock and prints how the section ended, as of {@code endNanos}. */
    private static void end(PrintStream out, Lock lock, long endNanos) {
        boolean held = lock.isHeld();
        Section.Outcome outcome;
        try {
            lock.close();
            outcome = held ? Section.Outcome.RELEASED : Section.Outcome.UNTOLD;
        } catch (LockLostException e) {
            outcome = Section.Outcome.LOST;
            out.println("LOST " + lock.key() + " " + e.reason());
        }
        out.println(History.endLine(lock.key(), lock.fence(), endNanos, outcome));
    }

    /**
     * The fencing recipe (docs/RELIABILITY.md) on a DynamoDB item: a write carries its lock's
     * fence and is accepted only while no higher fence has written.
     */
    private static boolean fencedWrite(DynamoDbClient client, String table, Lock lock, String owner) {
        try {
            client.updateItem(u -> u.tableName(table)
                    .key(Map.of("id", AttributeValue.fromS("data-" + lock.key())))
                    .updateExpression("SET #fence = :fence, #writer = :writer ADD #writes :one")
                    .conditionExpression("attribute_not_exists(#fence) OR #fence <= :fence")
                    .expressionAttributeNames(Map.of("#fence", "fence", "#writer", "writer", "#writes", "writes"))
                    .expressionAttributeValues(Map.of(":fence", AttributeValue.fromN(Long.toString(lock.fence())),
                            ":writer", AttributeValue.fromS(owner), ":one", AttributeValue.fromN("1"))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
