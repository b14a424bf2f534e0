package io.dynamolock.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory queues: one fair permit per key in use, gone with its last user. */
class KeyQueuesTest {

    @Test
    void usersOfOneKeyShareAQueueThatGoesWithTheLastOfThem() throws InterruptedException {
        KeyQueues queues = new KeyQueues();
        KeyQueues.Queue first = queues.join("k");
        KeyQueues.Queue second = queues.join("k");
        assertSame(first, second);
        assertEquals(1, queues.size());

        assertTrue(first.enter(0));
        assertFalse(second.enter(TimeUnit.MILLISECONDS.toNanos(50)), "one holder at a time");
        first.exit();
        assertTrue(second.enter(0));
        second.exit();

        queues.leave("k", first);
        assertEquals(1, queues.size(), "still used by the second");
        queues.leave("k", second);
        assertEquals(0, queues.size());
        assertNotSame(first, queues.join("k"), "a new queue for a new user");
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws InterruptedException {
        KeyQueues queues = new KeyQueues();
        assertTrue(queues.join("a").enter(0));
        assertTrue(queues.join("b").enter(0));
        assertEquals(2, queues.size());
    }

    @Test
    void waitersGetTheKeyInArrivalOrderAndNoCallerOvertakesThem() throws Exception {
        KeyQueues.Queue queue = new KeyQueues().join("k");
        assertTrue(queue.enter(0));
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        // The first waiter keeps the key until the newcomer has tried: otherwise all three could be done
        // and gone before it tries, and it would rightly get the key.
        java.util.concurrent.CountDownLatch newcomerTried = new java.util.concurrent.CountDownLatch(1);
        Thread[] waiters = new Thread[3];
        for (int i = 0; i < waiters.length; i++) {
            String name = "w" + i;
            waiters[i] = new Thread(() -> {
                try {
                    if (queue.enter(TimeUnit.SECONDS.toNanos(10))) {
                        order.add(name);
                        assertTrue(newcomerTried.await(10, TimeUnit.SECONDS));
                        queue.exit();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiters[i].start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (queue.getQueueLength() < i + 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }

        queue.exit();
        assertFalse(queue.enter(0), "a newcomer does not overtake the queued waiters");
        newcomerTried.countDown();
        for (Thread w : waiters) {
            w.join(10_000);
        }

        assertEquals(java.util.List.of("w0", "w1", "w2"), order);
    }
}
