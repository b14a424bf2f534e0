package io.dynamolock.testing.fault;

import java.util.Objects;

/**
 * One critical section a lock holder ran: from the moment it had the lock in hand to the moment
 * it stopped working under it. Times are {@link System#nanoTime()} readings, which on one
 * machine come from one monotonic clock shared by every process (Linux {@code CLOCK_MONOTONIC}),
 * so sections recorded by different JVMs on the same machine can be compared.
 *
 * @param key        the lock key
 * @param owner      who ran it (a manager's owner id)
 * @param fence      the fencing token of the lock it ran under
 * @param startNanos when the holder had the lock in hand
 * @param endNanos   when it stopped working under it: before the release, when it saw the lock
 *                   was gone, or when its process died
 * @param outcome    how it ended
 */
public record Section(String key, String owner, long fence, long startNanos, long endNanos, Outcome outcome) {

    /** How a critical section ended. */
    public enum Outcome {
        /** The holder released the lock, still holding it. */
        RELEASED,
        /** The holder was told that it had lost the lock ({@code LockLostException}). */
        LOST,
        /** The holder's process died inside the section; it ends at the death. */
        CRASHED,
        /** The holder had lost the lock without being told: a bug in the lock manager. */
        UNTOLD
    }

    /** Checks the fields. */
    public Section {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** @return whether the two sections were in progress at the same time */
    public boolean overlaps(Section other) {
        return startNanos < other.endNanos && other.startNanos < endNanos;
    }

    @Override
    public String toString() {
        return key + " fence " + fence + " by " + owner + " [" + startNanos + ", " + endNanos + "] " + outcome;
    }
}
