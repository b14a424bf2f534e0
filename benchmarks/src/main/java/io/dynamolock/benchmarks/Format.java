package io.dynamolock.benchmarks;

import java.util.Locale;

/** Number formatting shared by the console and the Markdown report. */
public final class Format {
    private Format() {
    }

    /** @param v a value @return it with up to two decimals, or as an integer when large */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** @param nanos a duration in ns @return it in ms with two decimals */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /** @param nanos a duration in ns @return it in s with two decimals */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /** @param ratio a ratio @return it as {@code 0.93×} */
    public static String ratio(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
