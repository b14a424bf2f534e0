package io.dynamolock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void percentilesUseTheNearestRank() {
        Samples s = new Samples();
        for (long v = 100; v >= 1; v--) {
            s.add(v);
        }
        assertEquals(50, s.percentile(50));
        assertEquals(99, s.percentile(99));
        assertEquals(1, s.percentile(0));
        assertEquals(100, s.max());
        assertEquals(50.5, s.mean(), 1e-9);
        assertEquals(10, s.countAbove(90));
    }

    @Test
    void mergingKeepsCountsAndMaximum() {
        Samples a = new Samples();
        Samples b = new Samples();
        a.add(5);
        b.add(7);
        b.add(3);
        a.addAll(b);
        assertEquals(3, a.count());
        assertEquals(7, a.max());
        assertEquals(5, a.percentile(50));
    }

    @Test
    void emptySamplesAnswerZero() {
        Samples s = new Samples();
        assertEquals(0, s.percentile(50));
        assertEquals(0, s.max());
        assertEquals(0, s.mean());
    }
}
