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
}
