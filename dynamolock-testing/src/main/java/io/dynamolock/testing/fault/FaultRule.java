package io.dynamolock.testing.fault;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which requests a {@link FaultProxy} faults, and how: a matcher (the DynamoDB operation named
 * by the request's {@code X-Amz-Target} header, optionally text its body must contain), a limit
 * (the first {@code n} matching requests, or those within a time window), and the faults applied
 * to the matching requests in turn, starting over after the last. Immutable: every method
 * returns a new rule.
 *
 * <pre>{@code
 * proxy.inject(FaultRule.on("UpdateItem").times(1).then(Fault.dropResponse()));
 * proxy.inject(FaultRule.onAny().during(Duration.ofSeconds(3))
 *         .then(Fault.throttling(), Fault.pass(), Fault.serviceUnavailable(), Fault.pass()));
 * }</pre>
 */
public final class FaultRule {

    private final String operation;
    private final String bodyContains;
    private final int times;
    private final Duration window;
    private final List<Fault> faults;

    private FaultRule(String operation, String bodyContains, int times, Duration window, List<Fault> faults) {
        this.operation = operation;
        this.bodyContains = bodyContains;
        this.times = times;
        this.window = window;
        this.faults = faults;
    }

    /**
     * @param operation a DynamoDB operation such as {@code UpdateItem} (the part of
     *                  {@code X-Amz-Target} after the dot)
     * @return a rule for requests of that operation, unlimited, that passes them until
     *     {@link #then(Fault...)} says otherwise
     */
    public static FaultRule on(String operation) {
        Objects.requireNonNull(operation, "operation");
        return new FaultRule(operation, null, -1, null, List.of(Fault.pass()));
    }

    /** @return a rule for every request, whatever its operation */
    public static FaultRule onAny() {
        return new FaultRule(null, null, -1, null, List.of(Fault.pass()));
    }

    /**
     * @param text text the request body must contain, e.g. a fragment of an update expression
     * @return this rule, for matching requests only
     */
    public FaultRule whenBodyContains(String text) {
        return new FaultRule(operation, Objects.requireNonNull(text, "text"), times, window, faults);
    }

    /**
     * @param count how many matching requests to fault, counted from when the rule is injected
     * @return this rule, limited to its first {@code count} matches
     */
    public FaultRule times(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " must be at least 1");
        }
        return new FaultRule(operation, bodyContains, count, window, faults);
    }

    /**
     * @param duration how long after its injection the rule applies
     * @return this rule, limited to that window
     */
    public FaultRule during(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration " + duration + " must be positive");
        }
        return new FaultRule(operation, bodyContains, times, duration, faults);
    }

    /**
     * @param sequence the faults for the matching requests, in turn, repeating after the last
     * @return this rule with that sequence
     */
    public FaultRule then(Fault... sequence) {
        if (sequence.length == 0) {
            throw new IllegalArgumentException("at least one fault is needed");
        }
        return new FaultRule(operation, bodyContains, times, window, List.of(sequence));
    }

    String operation() {
        return operation;
    }

    boolean matches(String requestOperation, String body) {
        return (operation == null || operation.equals(requestOperation))
                && (bodyContains == null || body.contains(bodyContains));
    }

    int times() {
        return times;
    }

    Duration window() {
        return window;
    }

    Fault fault(int match) {
        return faults.get(match % faults.size());
    }

    @Override
    public String toString() {
        return (operation == null ? "any" : operation) + (bodyContains == null ? "" : " containing '" + bodyContains + "'")
                + (times < 0 ? "" : " x" + times) + (window == null ? "" : " for " + window.toMillis() + "ms")
                + " -> " + faults;
    }
}
