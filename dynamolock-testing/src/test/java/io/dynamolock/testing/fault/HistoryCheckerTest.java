package io.dynamolock.testing.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.testing.fault.Section.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {

    private static Section s(String key, String owner, long fence, long start, long end, Outcome outcome) {
        return new Section(key, owner, fence, start, end, outcome);
    }

    @Test
    void sectionsOneAfterAnotherWithRisingFencesPass() {
        HistoryChecker.Report report = HistoryChecker.check(List.of(
                s("a", "n1", 10, 0, 100, Outcome.RELEASED),
                s("a", "n2", 11, 100, 200, Outcome.RELEASED),
                s("b", "n1", 5, 50, 150, Outcome.RELEASED),
                s("a", "n1", 12, 250, 300, Outcome.LOST)));
        assertEquals(4, report.sections());
        assertEquals(2, report.keys());
        assertEquals(0, report.excused());
    }

    @Test
    void overlapOfTwoHoldersNeitherToldOfALossIsAViolation() {
        AssertionError e = assertThrows(AssertionError.class, () -> HistoryChecker.check(List.of(
                s("a", "n1", 10, 0, 150, Outcome.RELEASED),
                s("a", "n2", 11, 100, 200, Outcome.RELEASED))));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        assertTrue(e.getMessage().contains("n1") && e.getMessage().contains("n2"), e.getMessage());
    }

    @Test
    void overlapIsExcusedOnlyWhenTheEarlierHolderWasToldItLostTheLock() {
        List<Section> excusable = List.of(
                s("a", "n1", 10, 0, 150, Outcome.LOST),
                s("a", "n2", 11, 100, 200, Outcome.RELEASED));
        assertEquals(1, HistoryChecker.check(excusable).excused());
        assertThrows(AssertionError.class, () -> HistoryChecker.checkStrict(excusable));

        List<Section> laterWasLost = List.of(
                s("a", "n1", 10, 0, 150, Outcome.RELEASED),
                s("a", "n2", 11, 100, 200, Outcome.LOST));
        assertThrows(AssertionError.class, () -> HistoryChecker.check(laterWasLost));
    }

    @Test
    void fenceThatDoesNotRiseIsAViolationEvenWithoutOverlap() {
        AssertionError equal = assertThrows(AssertionError.class, () -> HistoryChecker.check(List.of(
                s("a", "n1", 10, 0, 100, Outcome.RELEASED),
                s("a", "n2", 10, 200, 300, Outcome.RELEASED))));
        assertTrue(equal.getMessage().contains("fence did not rise"), equal.getMessage());
        assertThrows(AssertionError.class, () -> HistoryChecker.check(List.of(
                s("a", "n1", 10, 0, 100, Outcome.RELEASED),
                s("a", "n2", 9, 200, 300, Outcome.RELEASED))));
    }

    @Test
    void sectionRunWithoutTheLockIsAViolation() {
        AssertionError untold = assertThrows(AssertionError.class, () -> HistoryChecker.check(List.of(
                s("a", "n1", 10, 0, 100, Outcome.UNTOLD))));
        assertTrue(untold.getMessage().contains("never told"), untold.getMessage());
        AssertionError noFence = assertThrows(AssertionError.class, () -> HistoryChecker.check(List.of(
                s("a", "n1", 0, 0, 100, Outcome.RELEASED))));
        assertTrue(noFence.getMessage().contains("no fence"), noFence.getMessage());
    }

    @Test
    void workerLinesBecomeSectionsAndAnUnendedOneCrashedAtTheProcessDeath() {
        History history = new History().addLines("worker-1", List.of(
                "started",
                History.beginLine("k", 7, 1_000),
                History.endLine("k", 7, 2_000, Outcome.RELEASED),
                History.beginLine("k", 8, 3_000),
                "noise line"), 5_000);
        assertEquals(List.of(
                s("k", "worker-1", 7, 1_000, 2_000, Outcome.RELEASED),
                s("k", "worker-1", 8, 3_000, 5_000, Outcome.CRASHED)), history.sections());

        history.add(s("k", "taker", 9, 4_000, 6_000, Outcome.RELEASED));
        AssertionError beforeDeath = assertThrows(AssertionError.class, () -> HistoryChecker.check(history.sections()));
        assertTrue(beforeDeath.getMessage().contains("CRASHED"), beforeDeath.getMessage());

        History afterDeath = new History().addLines("worker-1", List.of(History.beginLine("k", 8, 3_000)), 5_000)
                .add(s("k", "taker", 9, 5_001, 6_000, Outcome.RELEASED));
        assertEquals(2, HistoryChecker.check(afterDeath.sections()).sections());
    }

    @Test
    void sectionsRecordedInThisJvmCarryTheirOwnTimes() throws InterruptedException {
        History history = new History();
        History.Open open = history.begin("k", "me", 3);
        Thread.sleep(5);
        Section done = open.end(Outcome.RELEASED);
        assertTrue(done.endNanos() - done.startNanos() >= 5_000_000L, done.toString());
        assertThrows(IllegalStateException.class, () -> open.end(Outcome.RELEASED));
        assertEquals(List.of(done), history.sections());
    }
}
