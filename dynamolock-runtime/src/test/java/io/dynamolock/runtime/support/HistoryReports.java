package io.dynamolock.runtime.support;

import io.dynamolock.testing.fault.HistoryChecker;

/** Prints what a history check found, one line a scenario, for the build log. */
public final class HistoryReports {
    private HistoryReports() {
    }

    /**
     * @param scenario what ran
     * @param report   what {@link HistoryChecker} found in its history
     */
    public static void print(String scenario, HistoryChecker.Report report) {
        System.out.println("[history] " + scenario + ": " + report);
    }
}
