package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Threads of one JVM wanting the same key: the second waits in memory (no request to DynamoDB
 * while it waits), runs after the first, and its {@code waitFor} bounds the whole wait.
 */
@ExtendWith(ItEnvironment.class)
class LocalQueueIT {

    /** A method that holds its key until told to let go. */
    static class Worker {
        final List<String> events = new CopyOnWriteArrayList<>();

        @DynamoLocked(value = "queue-$<arg0>", waitFor = "10s")
        long holdUntil(String id, String name, CountDownLatch entered, CountDownLatch letGo) throws InterruptedException {
            events.add(name + " in");
            entered.countDown();
            assertTrue(letGo.await(20, TimeUnit.SECONDS));
            events.add(name + " out");
            return DynamoLock.current().orElseThrow().fence();
        }

        @DynamoLocked(value = "queue-$<arg0>", waitFor = "300ms")
        void impatient(String id) {
            events.add("impatient in");
        }

        /** Waits longer than a long's nanoseconds can count: the wait is capped, never overflowed. */
        @DynamoLocked(value = "queue-$<arg0>", waitFor = "999999999999h")
        long patient(String id) {
            return DynamoLock.current().orElseThrow().fence();
        }

        final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger mostInside = new java.util.concurrent.atomic.AtomicInteger();

        @DynamoLocked(value = "queue-$<arg0>", waitFor = "60s")
        void oneAtATime(String id) {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            inside.decrementAndGet();
        }
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aSecondThreadWaitsInMemoryAndRunsAfterTheFirst(Env env) throws Exception {
        Worker worker = new Worker();
        String id = ItEnvironment.uniqueKey("serial");
        String key = "queue-" + id;
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch secondIn = new CountDownLatch(1);
        CountDownLatch letGoFirst = new CountDownLatch(1);
        CountDownLatch letGoSecond = new CountDownLatch(1);

        Future<Long> first = threads.submit(() -> worker.holdUntil(id, "first", firstIn, letGoFirst));
        assertTrue(firstIn.await(20, TimeUnit.SECONDS));
        Future<Long> second = threads.submit(() -> worker.holdUntil(id, "second", secondIn, letGoSecond));

        assertFalse(secondIn.await(700, TimeUnit.MILLISECONDS), "the second thread must wait");
        assertEquals(1, env.proxy().count(key), "the waiting thread sends nothing: only the first acquire went out");

        letGoFirst.countDown();
        assertTrue(secondIn.await(20, TimeUnit.SECONDS));
        letGoSecond.countDown();
        long firstFence = first.get(20, TimeUnit.SECONDS);
        long secondFence = second.get(20, TimeUnit.SECONDS);

        assertEquals(List.of("first in", "first out", "second in", "second out"), worker.events);
        assertTrue(secondFence > firstFence);
        assertEquals(4, env.proxy().count("UpdateItem", key), "two acquires, two releases");
        assertEquals(4, env.proxy().count(key), "and nothing else: no polling");
    }

    @Test
    void aWaiterWhoseWaitForRunsOutFailsWithoutAnyRequest(Env env) throws Exception {
        Worker worker = new Worker();
        String id = ItEnvironment.uniqueKey("impatient");
        String key = "queue-" + id;
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Future<Long> holder = threads.submit(() -> worker.holdUntil(id, "holder", in, letGo));
        assertTrue(in.await(20, TimeUnit.SECONDS));

        long start = System.nanoTime();
        LockNotAcquiredException e = assertThrows(LockNotAcquiredException.class, () -> worker.impatient(id));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(waited.compareTo(Duration.ofMillis(290)) >= 0, "waited its 300ms: " + waited);
        assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "and not much longer: " + waited);
        assertEquals(key, e.key());
        assertTrue(e.holder().isPresent(), "names this node as the holder");
        assertEquals(1, env.proxy().count(key), "only the holder's acquire went out");
        letGo.countDown();
        holder.get(20, TimeUnit.SECONDS);
        assertFalse(worker.events.contains("impatient in"));
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledForJreRange(min = org.junit.jupiter.api.condition.JRE.JAVA_21)
    void virtualThreadsOnOneKeyRunOneAtATime(Env env) throws Exception {
        Worker worker = new Worker();
        String id = ItEnvironment.uniqueKey("virtual");
        int calls = 20;
        // Through reflection: the tests compile for Java 17, which has no virtual threads.
        ExecutorService virtualThreads = (ExecutorService) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                done.add(virtualThreads.submit(() -> worker.oneAtATime(id)));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            virtualThreads.shutdownNow();
        }
        assertEquals(1, worker.mostInside.get(), "never two bodies at once");
        assertEquals(2L * calls, env.proxy().count("UpdateItem", "queue-" + id), "one acquire and one release each");
        assertEquals(2L * calls, env.proxy().count("queue-" + id), "and no polling");
    }

    @Test
    void waitForAlsoCoversAKeyHeldByAnotherNodeUntilItIsReleased(Env env) throws Exception {
        Worker worker = new Worker();
        String id = ItEnvironment.uniqueKey("remote");
        String key = "queue-" + id;
        env.holdAsOther(key, "other-node", java.time.Instant.now().plusSeconds(60), 1);
        threads.submit(() -> {
            Thread.sleep(800);
            env.client().deleteItem(b -> b.tableName(ItEnvironment.TABLE)
                    .key(java.util.Map.of("id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(key))));
            return null;
        });
        CountDownLatch letGo = new CountDownLatch(0);

        long fence = worker.holdUntil(id, "waiter", new CountDownLatch(1), letGo);

        assertTrue(fence > 1);
        assertTrue(env.proxy().count("UpdateItem", key) >= 3, "retried against DynamoDB while the other node held it");
    }

    @Test
    void aWaitForBeyondWhatNanosecondsCountIsCappedAndRuns() {
        Worker worker = new Worker();

        assertTrue(worker.patient(ItEnvironment.uniqueKey("patient")) > 0, "uncontended, the body runs locked");
    }
}
