package io.dynamolock.testing.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Proves mutual exclusion from a {@link History}. Per key, with sections ordered by start:
 * <ol>
 *   <li>no two sections overlap, unless the earlier one was told it had lost its lock
 *       ({@link Section.Outcome#LOST}): a holder that learns of its loss only at its exit may
 *       have run on, and the fence is what protects its late writes;</li>
 *   <li>fences strictly increase;</li>
 *   <li>no section ran without the lock: every fence is positive and no holder lost its lock
 *       untold ({@link Section.Outcome#UNTOLD}).</li>
 * </ol>
 * {@link #checkStrict(Collection)} also refuses overlaps excused by rule 1, for tests whose
 * holders stop at the moment they see their lock gone.
 */
public final class HistoryChecker {
    private static final int MAX_LISTED = 20;

    private HistoryChecker() {
    }

    /**
     * What a check verified.
     *
     * @param sections how many sections were checked
     * @param keys     on how many keys
     * @param excused  how many overlaps rule 1 excused (the earlier holder was told it lost)
     */
    public record Report(int sections, int keys, int excused) {
        @Override
        public String toString() {
            return sections + " sections on " + keys + " keys verified" + (excused == 0 ? "" : ", " + excused
                    + " overlaps with a holder told LockLostException");
        }
    }

    /**
     * @param sections every section of the run
     * @return what was verified
     * @throws AssertionError listing the violations
     */
    public static Report check(Collection<Section> sections) {
        return check(sections, false);
    }

    /**
     * As {@link #check(Collection)}, but any overlap is a violation, even with a holder that was
     * told it lost its lock.
     *
     * @param sections every section of the run
     * @return what was verified
     * @throws AssertionError listing the violations
     */
    public static Report checkStrict(Collection<Section> sections) {
        return check(sections, true);
    }

    private static Report check(Collection<Section> all, boolean strict) {
        Map<String, List<Section>> byKey = new TreeMap<>();
        for (Section s : all) {
            byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
        }
        List<String> violations = new ArrayList<>();
        int excused = 0;
        for (List<Section> sections : byKey.values()) {
            sections.sort(Comparator.comparingLong(Section::startNanos).thenComparingLong(Section::fence));
            for (int j = 0; j < sections.size(); j++) {
                Section later = sections.get(j);
                if (later.fence() <= 0) {
                    violations.add("no fence: " + later);
                }
                if (later.endNanos() < later.startNanos()) {
                    violations.add("ends before it starts: " + later);
                }
                if (later.outcome() == Section.Outcome.UNTOLD) {
                    violations.add("ran on without the lock and was never told: " + later);
                }
                if (j > 0 && later.fence() <= sections.get(j - 1).fence()) {
                    violations.add("fence did not rise: " + sections.get(j - 1) + " then " + later);
                }
                for (int i = 0; i < j; i++) {
                    Section earlier = sections.get(i);
                    if (earlier.endNanos() > later.startNanos()) {
                        if (!strict && earlier.outcome() == Section.Outcome.LOST) {
                            excused++;
                        } else {
                            violations.add("overlap by " + (earlier.endNanos() - later.startNanos()) / 1_000_000.0
                                    + " ms: " + earlier + " and " + later);
                        }
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder(violations.size() + " violation(s) of mutual exclusion in "
                    + all.size() + " sections:");
            violations.stream().limit(MAX_LISTED).forEach(v -> message.append("\n  ").append(v));
            if (violations.size() > MAX_LISTED) {
                message.append("\n  ... and ").append(violations.size() - MAX_LISTED).append(" more");
            }
            throw new AssertionError(message.toString());
        }
        return new Report(all.size(), byKey.size(), excused);
    }
}
