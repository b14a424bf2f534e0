package io.dynamolock.runtime;

/** Capped exponential backoff with jitter, for waiting on a busy key. One instance per wait. */
final class Backoff {
    private final long capMillis;
    private final Host host;
    private long nextMillis;

    Backoff(long initialMillis, long capMillis, Host host) {
        this.nextMillis = initialMillis;
        this.capMillis = capMillis;
        this.host = host;
    }

    /** @return the next pause: a random point in the upper half of the current step */
    long nextMillis() {
        long step = nextMillis;
        nextMillis = Math.min(capMillis, nextMillis * 2);
        return step / 2 + host.random(step / 2 + 1);
    }
}
