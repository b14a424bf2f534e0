package io.dynamolock.agent.internal;

import java.time.Duration;

/**
 * What is fixed about a woven method when its class is loaded: its name for messages, how long
 * it waits for a busy key and what it does when the wait runs out.
 */
final class Site {
    private final String method;
    private final Duration wait;
    private final long waitNanos;
    private final boolean skips;

    /**
     * @param method the method, as {@code com.acme.Billing.settle(java.lang.String)}
     * @param wait   its {@code waitFor}
     * @param skips  {@code true} for {@code onLocked = SKIP}
     */
    Site(String method, Duration wait, boolean skips) {
        this.method = method;
        this.waitNanos = saturatedNanos(wait);
        // Capped like waitNanos, so that no caller converts an enormous waitFor to nanoseconds and overflows.
        this.wait = Duration.ofNanos(waitNanos);
        this.skips = skips;
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    /** @return the method, for messages */
    String method() {
        return method;
    }

    /** @return how long a call waits for a busy key */
    Duration waitFor() {
        return wait;
    }

    /** @return how long a call waits for a busy key, in nanoseconds */
    long waitNanos() {
        return waitNanos;
    }

    /** @return whether a call whose key stays busy returns without running the body */
    boolean skips() {
        return skips;
    }

    @Override
    public String toString() {
        return method;
    }
}
