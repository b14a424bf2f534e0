package io.dynamolock.testing.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The critical sections of a fault test, from every holder: in this JVM through
 * {@link #begin(String, String, long)}, from worker processes through the lines they print
 * ({@link #beginLine(String, long, long)}, {@link #endLine(String, long, long, Section.Outcome)})
 * and {@link #addLines(String, List, long)}. Thread safe.
 */
public final class History {
    /** First word of the line a worker prints when a section starts. */
    public static final String BEGIN = "SECTION-BEGIN";
    /** First word of the line a worker prints when a section ends. */
    public static final String END = "SECTION-END";

    private final List<Section> sections = new CopyOnWriteArrayList<>();

    /** Creates an empty history. */
    public History() {
    }

    /**
     * Starts a section now.
     *
     * @param key   the lock key
     * @param owner who runs it
     * @param fence the fencing token of its lock
     * @return the open section, to be ended exactly once
     */
    public Open begin(String key, String owner, long fence) {
        return new Open(key, owner, fence, System.nanoTime());
    }

    /** @param section a finished section @return this */
    public History add(Section section) {
        sections.add(section);
        return this;
    }

    /** @param more finished sections @return this */
    public History addAll(Collection<Section> more) {
        sections.addAll(more);
        return this;
    }

    /** @return every finished section so far */
    public List<Section> sections() {
        return List.copyOf(sections);
    }

    /**
     * @param key       the lock key; no white space
     * @param fence     the fencing token
     * @param startNanos {@link System#nanoTime()} when the section started
     * @return the line a worker prints when a section starts
     */
    public static String beginLine(String key, long fence, long startNanos) {
        return BEGIN + " " + word(key) + " " + fence + " " + startNanos;
    }

    /**
     * @param key      the lock key; no white space
     * @param fence    the fencing token
     * @param endNanos {@link System#nanoTime()} when the section ended
     * @param outcome  how it ended
     * @return the line a worker prints when a section ends
     */
    public static String endLine(String key, long fence, long endNanos, Section.Outcome outcome) {
        return END + " " + word(key) + " " + fence + " " + endNanos + " " + outcome;
    }

    /**
     * Adds the sections a worker process printed. Lines other than section lines are ignored. A
     * section that began and never ended was cut short by the process' death: it counts as
     * {@link Section.Outcome#CRASHED} at {@code deathNanos}.
     *
     * @param owner      the worker's owner id
     * @param lines      everything it printed, in order
     * @param deathNanos {@link System#nanoTime()} when the process was killed, or when it was
     *                   last known alive if it was not
     * @return this
     */
    public History addLines(String owner, List<String> lines, long deathNanos) {
        Map<String, long[]> open = new LinkedHashMap<>();
        List<Section> found = new ArrayList<>();
        for (String line : lines) {
            String[] w = line.trim().split(" ");
            if (w[0].equals(BEGIN) && w.length == 4) {
                open.put(w[1] + " " + w[2], new long[] {Long.parseLong(w[2]), Long.parseLong(w[3])});
            } else if (w[0].equals(END) && w.length == 5) {
                long[] begun = open.remove(w[1] + " " + w[2]);
                if (begun == null) {
                    throw new IllegalArgumentException("section end without a beginning from " + owner + ": " + line);
                }
                found.add(new Section(w[1], owner, begun[0], begun[1], Long.parseLong(w[3]),
                        Section.Outcome.valueOf(w[4])));
            }
        }
        open.forEach((k, begun) -> found.add(new Section(k.substring(0, k.indexOf(' ')), owner, begun[0], begun[1],
                deathNanos, Section.Outcome.CRASHED)));
        sections.addAll(found);
        return this;
    }

    private static String word(String key) {
        if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("key '" + key + "' must be one word to be written to a history line");
        }
        return key;
    }

    /** A section in progress. */
    public final class Open {
        private final String key;
        private final String owner;
        private final long fence;
        private final long startNanos;
        private boolean ended;

        private Open(String key, String owner, long fence, long startNanos) {
            this.key = key;
            this.owner = owner;
            this.fence = fence;
            this.startNanos = startNanos;
        }

        /** @return when it started, {@link System#nanoTime()} */
        public long startNanos() {
            return startNanos;
        }

        /** @param outcome how it ended, now @return the finished section */
        public Section end(Section.Outcome outcome) {
            return endAt(System.nanoTime(), outcome);
        }

        /**
         * @param endNanos {@link System#nanoTime()} when it stopped working under the lock
         * @param outcome  how it ended
         * @return the finished section
         */
        public Section endAt(long endNanos, Section.Outcome outcome) {
            if (ended) {
                throw new IllegalStateException("section " + key + " fence " + fence + " already ended");
            }
            ended = true;
            Section s = new Section(key, owner, fence, startNanos, endNanos, outcome);
            sections.add(s);
            return s;
        }
    }
}
