package io.dynamolock.testing.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FaultProxy} does with one request. Every fault is immutable and may be reused
 * across rules and proxies.
 *
 * <p>The faults differ in whether the server saw the request, which is what makes a fault
 * hard for a client: {@link #reset()}, {@link #hang()} and the error answers never reach the
 * server; {@link #dropResponse()} and {@link #delayResponse(Duration)} are applied by the
 * server and only the answer goes missing or comes late.
 */
public final class Fault {

    /** The kinds of fault, for the proxy's dispatch and its log. */
    enum Kind { PASS, DELAY, DELAY_RESPONSE, RESET, DROP_RESPONSE, HANG, ANSWER }

    private static final String JSON_1_0 = "application/x-amz-json-1.0";

    private final Kind kind;
    private final Duration delay;
    private final int status;
    private final String errorType;
    private final String message;

    private Fault(Kind kind, Duration delay, int status, String errorType, String message) {
        this.kind = kind;
        this.delay = delay;
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }

    /** @return no fault: the request is forwarded and its answer returned unchanged */
    public static Fault pass() {
        return new Fault(Kind.PASS, Duration.ZERO, 0, null, null);
    }

    /**
     * @param delay how long to hold the request before forwarding it
     * @return a fault that forwards the request late; the server applies it after the delay
     */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, nonNegative(delay), 0, null, null);
    }

    /**
     * @param delay how long to hold the answer after the server gave it
     * @return a fault that forwards the request at once (the server applies it) and answers late,
     *     so that a client with a shorter timeout sees a failure for a request that was applied
     */
    public static Fault delayResponse(Duration delay) {
        return new Fault(Kind.DELAY_RESPONSE, nonNegative(delay), 0, null, null);
    }

    /** @return a fault that resets the connection (TCP RST) without forwarding the request */
    public static Fault reset() {
        return new Fault(Kind.RESET, Duration.ZERO, 0, null, null);
    }

    /**
     * @return a fault that forwards the request, waits for the server's answer and then resets
     *     the client's connection instead of answering: the request was applied, the client
     *     cannot know
     */
    public static Fault dropResponse() {
        return new Fault(Kind.DROP_RESPONSE, Duration.ZERO, 0, null, null);
    }

    /**
     * @return a fault that reads the request and never answers (a black hole): the connection is
     *     reset when the proxy is {@linkplain FaultProxy#heal() healed} or closed, or after a
     *     minute at most. The request is not forwarded.
     */
    public static Fault hang() {
        return new Fault(Kind.HANG, Duration.ZERO, 0, null, null);
    }

    /** @return DynamoDB's {@code ProvisionedThroughputExceededException} (HTTP 400), not forwarded */
    public static Fault provisionedThroughputExceeded() {
        return answer(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded.");
    }

    /** @return DynamoDB's {@code ThrottlingException} (HTTP 400), not forwarded */
    public static Fault throttling() {
        return answer(400, "com.amazon.coral.availability#ThrottlingException",
                "Rate of requests exceeds the allowed throughput.");
    }

    /** @return an HTTP 500 {@code InternalServerError}, not forwarded */
    public static Fault internalServerError() {
        return answer(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error");
    }

    /** @return an HTTP 503 {@code ServiceUnavailable}, not forwarded */
    public static Fault serviceUnavailable() {
        return answer(503, "com.amazon.coral.availability#ServiceUnavailableException", "Service unavailable");
    }

    /**
     * @param status    the HTTP status
     * @param errorType the {@code __type} of the JSON error body, e.g.
     *                  {@code com.amazonaws.dynamodb.v20120810#ValidationException}
     * @param message   the error message
     * @return a fault that answers with that error instead of forwarding the request
     */
    public static Fault answer(int status, String errorType, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP error status (400 to 599)");
        }
        return new Fault(Kind.ANSWER, Duration.ZERO, status, Objects.requireNonNull(errorType, "errorType"),
                Objects.requireNonNull(message, "message"));
    }

    Kind kind() {
        return kind;
    }

    Duration delay() {
        return delay;
    }

    int status() {
        return status;
    }

    /** @return the JSON body of an {@link Kind#ANSWER} fault */
    byte[] body() {
        return ("{\"__type\":\"" + errorType + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String contentType() {
        return JSON_1_0;
    }

    /** @return whether the server sees the request under this fault */
    boolean forwards() {
        return kind == Kind.PASS || kind == Kind.DELAY || kind == Kind.DELAY_RESPONSE || kind == Kind.DROP_RESPONSE;
    }

    private static Duration nonNegative(Duration d) {
        Objects.requireNonNull(d, "delay");
        if (d.isNegative()) {
            throw new IllegalArgumentException("delay " + d + " is negative");
        }
        return d;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PASS -> "pass";
            case DELAY -> "delay " + delay.toMillis() + "ms";
            case DELAY_RESPONSE -> "delay response " + delay.toMillis() + "ms";
            case RESET -> "reset";
            case DROP_RESPONSE -> "drop response";
            case HANG -> "hang";
            case ANSWER -> status + " " + errorType.substring(errorType.indexOf('#') + 1);
        };
    }
}
