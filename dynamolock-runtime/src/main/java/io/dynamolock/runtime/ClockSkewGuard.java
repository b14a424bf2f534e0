package io.dynamolock.runtime;

import io.dynamolock.LockUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Bounds the offset of this node's wall clock from DynamoDB's, from the {@code Date} header of
 * answers the runtime gets anyway: no request is added.
 *
 * <p>A {@code Date} has one-second resolution, so one answer only says that the offset
 * (server minus local) lies in {@code [date - received, date + 1 s - sent]}, where {@code sent}
 * and {@code received} are this node's wall clock around the call. Intersecting those intervals
 * across answers narrows them (answers stamped just after a server second began bound the offset
 * from below, those just before it ended from above). The guard acts only on what is certain:
 * it warns once the offset is certainly beyond {@code clockSkew / 2} (two such nodes could
 * disagree by more than {@code clockSkew}), and in {@link LockSettings.Takeover#CLOCK} mode
 * refuses new acquires once it is certainly beyond {@code clockSkew}.
 *
 * <p>What keeps it from refusing falsely: a server may stamp a second that ended a timer tick
 * ago (Node's http module caches the text), so the upper bound of every interval allows
 * {@value #STALE_DATE_ALLOWANCE_MS} ms more; old bounds widen by 500 ppm of the time since they
 * were set (the fastest NTP slews a clock); and a step of the wall clock against the monotonic
 * one (a jump set by hand or by NTP) starts the estimate over.
 */
final class ClockSkewGuard {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");
    static final long DATE_RESOLUTION_MS = 1000;
    static final long STALE_DATE_ALLOWANCE_MS = 100;
    private static final double DRIFT_PER_MS = 500e-6;
    // The wall time of an answer is read by the caller and the monotonic time here: a thread
    // descheduled in between (a loaded machine, a GC pause) must not pass for a clock step.
    private static final long STEP_TOLERANCE_MS = 50;

    /** What the guard currently says about the clock. */
    enum Verdict { UNKNOWN_OR_FINE, WARN, REFUSE }

    /**
     * The offset (server minus local, ms) lies in [low, high], as of {@code atNanos}. Fractional,
     * so that the widening for drift between two close answers (a fraction of a millisecond)
     * does not add up to whole milliseconds over many answers.
     */
    private record Bounds(double low, double high, long atNanos, long wallMinusMonoMs) {
    }

    private final long skewMs;
    private final boolean enforce;
    private final LongSupplier nanoClock;
    private final Runnable onCertainlyBehind;
    private final ReentrantLock lock = new ReentrantLock();
    private Bounds bounds;
    private Verdict verdict = Verdict.UNKNOWN_OR_FINE;

    /**
     * @param clockSkew how much the nodes' clocks may disagree
     * @param enforce   whether to refuse acquires (clock take-over mode) or only warn
     * @param nanoClock this node's monotonic clock
     */
    ClockSkewGuard(Duration clockSkew, boolean enforce, LongSupplier nanoClock) {
        this(clockSkew, enforce, nanoClock, () -> { });
    }

    /**
     * @param onCertainlyBehind run, in clock mode, after each answer showing this node's clock
     *                          certainly more than {@code clockSkew} behind the server's: the
     *                          expiries its renewals write then end too early for the other nodes,
     *                          so locks already held cannot be kept either
     */
    ClockSkewGuard(Duration clockSkew, boolean enforce, LongSupplier nanoClock, Runnable onCertainlyBehind) {
        this.skewMs = clockSkew.toMillis();
        this.enforce = enforce;
        this.nanoClock = nanoClock;
        this.onCertainlyBehind = onCertainlyBehind;
    }

    /**
     * Sends one request and takes what its answer, failed or not, says about the server's clock.
     *
     * @param wallClock this node's wall clock, read around the call
     * @param send      the call
     * @return its answer
     */
    <T extends AwsResponse> T timed(Clock wallClock, Supplier<T> send) {
        long sent = wallClock.millis();
        try {
            T response = send.get();
            observe(sent, wallClock.millis(), response.sdkHttpResponse());
            return response;
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null) {
                observe(sent, wallClock.millis(), e.awsErrorDetails().sdkHttpResponse());
            }
            throw e;
        }
    }

    /**
     * Takes what an answer says about the server's clock.
     *
     * @param sentMs     this node's wall clock just before the call
     * @param receivedMs this node's wall clock just after it
     * @param response   the answer (its last attempt's), or {@code null}
     */
    void observe(long sentMs, long receivedMs, SdkHttpResponse response) {
        if (response == null) {
            return;
        }
        Optional<String> date = response.firstMatchingHeader("Date");
        if (date.isEmpty()) {
            return;
        }
        long dateMs;
        try {
            dateMs = ZonedDateTime.parse(date.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return;
        }
        observe(sentMs, receivedMs, dateMs);
    }

    /**
     * @param sentMs     this node's wall clock just before the call
     * @param receivedMs this node's wall clock just after it
     * @param dateMs     the answer's {@code Date}, a whole second in epoch ms
     */
    void observe(long sentMs, long receivedMs, long dateMs) {
        long now = nanoClock.getAsLong();
        long wallMinusMono = receivedMs - now / 1_000_000;
        double low = dateMs - receivedMs;
        double high = dateMs + DATE_RESOLUTION_MS - 1 + STALE_DATE_ALLOWANCE_MS - sentMs;
        Verdict before;
        Verdict after;
        Bounds current;
        lock.lock();
        try {
            Bounds old = bounds;
            if (old != null) {
                double drift = drift(now - old.atNanos);
                boolean stepped = Math.abs(wallMinusMono - old.wallMinusMonoMs) > drift + STEP_TOLERANCE_MS;
                double l = Math.max(old.low - drift, low);
                double h = Math.min(old.high + drift, high);
                if (!stepped && l <= h) {
                    low = l;
                    high = h;
                } else {
                    LOG.log(Level.DEBUG, "clock estimate started over: {0}", stepped
                            ? "this node's wall clock jumped" : "an answer contradicted the earlier ones");
                }
            }
            bounds = new Bounds(low, high, now, wallMinusMono);
            current = bounds;
            before = verdict;
            after = judge(low, high);
            verdict = after;
        } finally {
            lock.unlock();
        }
        if (after != before) {
            report(before, after, current);
        }
        if (enforce && current.low > skewMs) {
            onCertainlyBehind.run();
        }
    }

    /**
     * @return the offset bounds (server minus local) widened to now, in whole ms rounded outwards,
     *     or {@code null} before any answer
     */
    long[] offsetBounds() {
        double[] b = exactBounds();
        return b == null ? null : new long[] {(long) Math.floor(b[0]), (long) Math.ceil(b[1])};
    }

    private double[] exactBounds() {
        lock.lock();
        try {
            if (bounds == null) {
                return null;
            }
            double drift = drift(nanoClock.getAsLong() - bounds.atNanos);
            return new double[] {bounds.low - drift, bounds.high + drift};
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets what the answers said: the wall clock stepped, so the bounds no longer hold. Acquires
     * in clock mode then wait for a fresh answer ({@link #needsEvidence()}).
     */
    void startOver() {
        lock.lock();
        try {
            bounds = null;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether an acquire in clock mode must first get an answer that tells the offset */
    boolean needsEvidence() {
        return enforce && exactBounds() == null;
    }

    /** @return what the guard says now */
    Verdict verdict() {
        double[] b = exactBounds();
        return b == null ? Verdict.UNKNOWN_OR_FINE : judge(b[0], b[1]);
    }

    /**
     * @param key the key about to be acquired
     * @throws LockUnavailableException when acquires are refused: this node's clock is certainly
     *     further than {@code clockSkew} from the server's, and the take-over mode relies on clocks
     */
    void checkAcquire(String key) {
        LockUnavailableException refused = refusal(key);
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * @param key the key acquired or about to be
     * @return the refusal to throw, built from what the guard knows now, or {@code null} while
     *     acquires are admitted
     */
    LockUnavailableException refusal(String key) {
        if (!enforce) {
            return null;
        }
        double[] b = exactBounds();
        if (b == null) {
            // Nothing to judge by yet (the table check's answer had no Date header): an acquire now would
            // trust this node's clock blindly, and a node an hour ahead would take live locks at once.
            return new LockUnavailableException("refusing to acquire lock '" + Keys.printable(key) + "': no answer"
                    + " from DynamoDB has told this node's clock offset yet (its answers carry no Date header),"
                    + " so its lease times cannot be trusted; use dynamolock.takeover=observe with this server");
        }
        if (judge(b[0], b[1]) != Verdict.REFUSE) {
            return null;
        }
        return new LockUnavailableException("refusing to acquire lock '" + Keys.printable(key) + "': " + describe(b)
                + ", beyond dynamolock.clockSkew (" + skewMs + " ms), so its lease times cannot be trusted;"
                + " fix this node's clock (NTP), raise clockSkew, or use dynamolock.takeover=observe");
    }

    private Verdict judge(double low, double high) {
        if (low > skewMs || high < -skewMs) {
            return enforce ? Verdict.REFUSE : Verdict.WARN;
        }
        if (low > skewMs / 2.0 || high < -(skewMs / 2.0)) {
            return Verdict.WARN;
        }
        return Verdict.UNKNOWN_OR_FINE;
    }

    private void report(Verdict before, Verdict after, Bounds b) {
        String where = describe(new double[] {b.low, b.high});
        switch (after) {
            case REFUSE -> LOG.log(Level.ERROR, where + ", beyond dynamolock.clockSkew (" + skewMs
                    + " ms): new acquires are refused until the clocks agree again");
            case WARN -> LOG.log(Level.WARNING, where + ", more than half of dynamolock.clockSkew (" + skewMs
                    + " ms): two such nodes may disagree by more than clockSkew"
                    + (enforce ? "" : " (take-over by observation does not depend on it)"));
            default -> LOG.log(Level.INFO, "this node's clock agrees with DynamoDB's again (offset " + Math.round(b.low)
                    + ".." + Math.round(b.high) + " ms)");
        }
    }

    private static String describe(double[] b) {
        long low = (long) Math.floor(b[0]);
        long high = (long) Math.ceil(b[1]);
        if (low > 0) {
            return "this node's clock is at least " + low + " ms behind DynamoDB's (the Date headers of its answers"
                    + " put the difference between " + low + " and " + high + " ms)";
        }
        return "this node's clock is at least " + -high + " ms ahead of DynamoDB's (the Date headers of its answers"
                + " put the difference between " + -high + " and " + -low + " ms)";
    }

    private static double drift(long elapsedNanos) {
        return Math.max(0, elapsedNanos) / 1_000_000.0 * DRIFT_PER_MS;
    }
}
