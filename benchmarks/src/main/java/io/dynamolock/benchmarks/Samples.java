package io.dynamolock.benchmarks;

import java.util.Arrays;

/**
 * A bounded, growable list of long samples (nanoseconds, counts) with percentiles. Not thread
 * safe: each measuring thread keeps its own and they are merged afterwards.
 */
public final class Samples {
    /** Enough for minutes of the fastest loop here; beyond it samples are counted but not kept. */
    private static final int MAX_KEPT = 4_000_000;

    private long[] values = new long[1024];
    private int size;
    private long count;
    private long max = Long.MIN_VALUE;

    /** @param value the sample to add */
    public void add(long value) {
        count++;
        max = Math.max(max, value);
        if (size == values.length) {
            if (size >= MAX_KEPT) {
                return;
            }
            values = Arrays.copyOf(values, Math.min(MAX_KEPT, size * 2));
        }
        values[size++] = value;
    }

    /** @param other samples to add to these */
    public void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
        count += other.count - other.size;
        max = Math.max(max, other.max);
    }

    /** @return how many samples were added, kept or not */
    public long count() {
        return count;
    }

    /** @return the largest sample, or 0 when there is none */
    public long max() {
        return count == 0 ? 0 : max;
    }

    /**
     * @param p a percentile, 0 to 100
     * @return the sample at that percentile (nearest rank), or 0 when there is none
     */
    public long percentile(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    /**
     * @param limit a value
     * @return how many kept samples exceed it
     */
    public long countAbove(long limit) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (values[i] > limit) {
                n++;
            }
        }
        return n;
    }

    /** @return the mean of the kept samples, or 0 when there is none */
    public double mean() {
        if (size == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }
}
