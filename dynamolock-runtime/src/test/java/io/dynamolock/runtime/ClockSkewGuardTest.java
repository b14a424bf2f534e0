package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.ClockSkewGuard.Verdict;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The offset bounds from Date headers, on simulated clocks: no server needed. */
class ClockSkewGuardTest {
    private static final long SKEW_MS = 200;

    /** This node's clocks: wall time in ms, and a monotonic clock that runs with it unless stepped. */
    private long wallMs = 1_700_000_000_000L;
    private long monoNanos = 5_000_000_000L;

    private ClockSkewGuard guard(boolean enforce) {
        return new ClockSkewGuard(Duration.ofMillis(SKEW_MS), enforce, () -> monoNanos);
    }

    private void advance(long ms) {
        wallMs += ms;
        monoNanos += ms * 1_000_000L;
    }

    /**
     * One call: sent now, answered {@code rttMs} later; the server stamped its Date {@code atMs}
     * into the call, {@code staleMs} late (a cached Date text), with its clock {@code offsetMs}
     * ahead of this node's.
     */
    private void call(ClockSkewGuard g, long offsetMs, long rttMs, long atMs, long staleMs) {
        long sent = wallMs;
        long serverNow = sent + atMs + offsetMs - staleMs;
        long date = Math.floorDiv(serverNow, 1000) * 1000;
        advance(rttMs);
        g.observe(sent, wallMs, date);
    }

    @Test
    void oneAnswerBoundsTheOffsetByItsSecondAndItsRoundTrip() {
        ClockSkewGuard g = guard(true);
        assertNull(g.offsetBounds());
        wallMs = 1_700_000_000_250L;
        g.observe(wallMs, wallMs + 20, 1_700_000_000_000L);
        // low = date - received; high = date + 999 ms + the stale-Date allowance - sent
        assertArrayEquals(new long[] {-270, 849}, g.offsetBounds());
        assertEquals(Verdict.UNKNOWN_OR_FINE, g.verdict());
    }

    @Test
    void answersStampedAtDifferentPointsOfTheServersSecondNarrowTheBounds() {
        ClockSkewGuard g = guard(true);
        for (int i = 0; i < 40; i++) {
            call(g, 350, 10, 5, 0);
            advance(37);
        }
        long[] b = g.offsetBounds();
        assertTrue(b[0] <= 350 && 350 <= b[1], "the truth is outside " + b[0] + ".." + b[1]);
        assertTrue(b[1] - b[0] < 200, "still " + (b[1] - b[0]) + " ms wide");
        assertEquals(Verdict.REFUSE, g.verdict(), "350 ms behind is certainly beyond a 200 ms skew");
    }

    @Test
    void answerThatContradictsTheEstimateStartsItOver() {
        ClockSkewGuard g = guard(true);
        for (int i = 0; i < 40; i++) {
            call(g, 3000, 10, 5, 0);
            advance(37);
        }
        assertEquals(Verdict.REFUSE, g.verdict());
        call(g, 0, 10, 5, 0); // the server's clock was corrected
        long[] b = g.offsetBounds();
        assertTrue(b[0] <= 0 && 0 <= b[1], b[0] + ".." + b[1]);
        assertNotEquals(Verdict.REFUSE, g.verdict());
    }

    @Test
    void jumpOfThisNodesWallClockStartsTheEstimateOver() {
        ClockSkewGuard g = guard(true);
        for (int i = 0; i < 40; i++) {
            call(g, 0, 10, 5, 0);
            advance(37);
        }
        wallMs -= 400; // set back by hand or by NTP: the offset is now +400, outside the narrowed bounds
        call(g, 400, 10, 5, 0);
        long[] b = g.offsetBounds();
        assertTrue(b[0] <= 400 && 400 <= b[1], "the estimate did not follow the jump: " + b[0] + ".." + b[1]);
    }

    @Test
    void boundsWidenWithTimeAtTheFastestRateNtpSlewsAClock() {
        ClockSkewGuard g = guard(true);
        g.observe(wallMs, wallMs + 10, Math.floorDiv(wallMs, 1000) * 1000);
        long[] before = g.offsetBounds();
        advance(60_000);
        long[] after = g.offsetBounds();
        assertEquals(before[0] - 30, after[0], "500 ppm of a minute is 30 ms");
        assertEquals(before[1] + 30, after[1]);
    }

    @Test
    void clockFarOffIsRefusedAfterOneAnswerWithAMessageThatSaysWhichWayAndHowFar() {
        ClockSkewGuard behind = guard(true);
        call(behind, 3000, 10, 5, 0);
        LockUnavailableException e = assertThrows(LockUnavailableException.class, () -> behind.checkAcquire("k"));
        assertTrue(e.getMessage().contains("behind DynamoDB's"), e.getMessage());
        assertTrue(e.getMessage().contains("clockSkew (200 ms)"), e.getMessage());

        ClockSkewGuard ahead = guard(true);
        call(ahead, -3000, 10, 5, 0);
        assertTrue(assertThrows(LockUnavailableException.class, () -> ahead.checkAcquire("k")).getMessage()
                .contains("ahead of DynamoDB's"));

        ClockSkewGuard observing = guard(false);
        call(observing, 3000, 10, 5, 0);
        assertEquals(Verdict.WARN, observing.verdict(), "take-over by observation only warns");
        assertDoesNotThrow(() -> observing.checkAcquire("k"));
    }

    @ParameterizedTest(name = "server clock {0} ms ahead")
    @ValueSource(longs = {-199, -150, -99, -40, 0, 40, 99, 150, 199})
    void nodeWithinTheSkewIsNeverRefusedWhateverThePhasesDelaysAndStaleDates(long offsetMs) {
        Random random = new Random(offsetMs);
        ClockSkewGuard g = guard(true);
        for (int i = 0; i < 3000; i++) {
            long rtt = random.nextInt(40);
            long stale = random.nextInt(4) == 0 ? random.nextInt(80) : 0; // a Date text cached past its second
            call(g, offsetMs, rtt, rtt == 0 ? 0 : random.nextInt((int) rtt + 1), stale);
            long[] b = g.offsetBounds();
            assertTrue(b[0] <= offsetMs && offsetMs <= b[1], "answer " + i + ": the true offset " + offsetMs
                    + " is outside " + b[0] + ".." + b[1]);
            assertDoesNotThrow(() -> g.checkAcquire("k"));
            if (Math.abs(offsetMs) <= SKEW_MS / 2) {
                assertEquals(Verdict.UNKNOWN_OR_FINE, g.verdict(), "warned at " + b[0] + ".." + b[1]);
            }
            advance(random.nextInt(700));
        }
    }
}
