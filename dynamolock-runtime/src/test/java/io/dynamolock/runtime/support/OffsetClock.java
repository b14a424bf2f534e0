package io.dynamolock.runtime.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The system's wall clock, set off by an offset a test can change while it runs (a step, a skew). */
public final class OffsetClock extends Clock {
    private final AtomicLong offsetMs = new AtomicLong();

    /** @param millis the new offset from the true time, in ms (negative: behind) */
    public void set(long millis) {
        offsetMs.set(millis);
    }

    /** @param millis added to the offset, in ms */
    public void add(long millis) {
        offsetMs.addAndGet(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMs.get();
    }
}
