package io.dynamolock.runtime;

import java.time.Duration;

/** How long a wait may be, counted in nanoseconds on a monotonic clock. */
final class WaitBound {
    /** About 73 years: far beyond any real wait, yet small enough that a monotonic clock reading plus it cannot overflow. */
    static final long LONGEST_NANOS = Long.MAX_VALUE / 4;

    private WaitBound() {
    }

    /** @return {@code d} in nanoseconds, at most {@link #LONGEST_NANOS}: {@code waitFor = "999999999999h"} is legal */
    static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(LONGEST_NANOS)) >= 0 ? LONGEST_NANOS : d.toNanos();
    }
}
