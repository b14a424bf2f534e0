package io.dynamolock.runtime;

import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter, for waiting on a busy key. One instance per wait. */
final class Backoff {
    private final long capMillis;
    private long nextMillis;

    Backoff(long initialMillis, long capMillis) {
        this.nextMillis = initialMillis;
        this.capMillis = capMillis;
    }

    /** @return the next pause: a random point in the upper half of the current step */
    long nextMillis() {
        long step = nextMillis;
        nextMillis = Math.min(capMillis, nextMillis * 2);
        return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    }
}
