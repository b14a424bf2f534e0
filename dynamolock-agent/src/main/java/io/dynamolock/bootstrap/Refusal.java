package io.dynamolock.bootstrap;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the refusals that {@link BridgeTarget} answers with: unmodifiable maps from the names
 * below to JDK values. The api side reads them by the same names (see
 * {@code io.dynamolock.woven.BridgeAnswers}); the two must change together.
 */
public final class Refusal {

    /** Entry holding the refusal's kind: {@link #BUSY}, {@link #UNAVAILABLE} or {@link #LOST}. */
    public static final String KIND = "kind";
    /** Entry holding the lock key ({@code String}). */
    public static final String KEY = "key";
    /** Entry holding a message for the application ({@code String}). */
    public static final String MESSAGE = "message";
    /** Entry holding the holder's owner id ({@code String}), when known. */
    public static final String HOLDER = "holder";
    /** Entry holding the holder's lease expiry in epoch milliseconds ({@code Long}), when known. */
    public static final String EXPIRES_AT = "expiresAtMillis";
    /** Entry holding the fencing token of a lost lock ({@code Long}). */
    public static final String FENCE = "fence";
    /** Entry holding why a lock was lost: {@code STOLEN} or {@code EXPIRED} ({@code String}). */
    public static final String REASON = "reason";
    /** Entry holding the underlying failure, made of JDK exception types only ({@code Throwable}). */
    public static final String CAUSE = "cause";

    /** Kind: another owner held the key for the whole wait. */
    public static final String BUSY = "busy";
    /** Kind: the lock service could not answer. */
    public static final String UNAVAILABLE = "unavailable";
    /** Kind: the lease was lost while the lock was believed held. */
    public static final String LOST = "lost";

    private Refusal() {
    }

    /**
     * @param key        the busy key
     * @param holder     the holder's owner id, or {@code null} when unknown
     * @param expiresAt  the holder's lease expiry in epoch ms, or {@code null} when unknown
     * @return a busy refusal
     */
    public static Map<String, Object> busy(String key, String holder, Long expiresAt) {
        Map<String, Object> m = new HashMap<>();
        m.put(KIND, BUSY);
        m.put(KEY, key);
        m.put(HOLDER, holder);
        m.put(EXPIRES_AT, expiresAt);
        return Collections.unmodifiableMap(m);
    }

    /**
     * @param message what was unavailable and why
     * @param cause   the underlying failure (JDK exception types only), or {@code null}
     * @return an unavailable refusal
     */
    public static Map<String, Object> unavailable(String message, Throwable cause) {
        Map<String, Object> m = new HashMap<>();
        m.put(KIND, UNAVAILABLE);
        m.put(MESSAGE, message);
        m.put(CAUSE, cause);
        return Collections.unmodifiableMap(m);
    }

    /**
     * @param key    the lost lock's key
     * @param fence  the fencing token the holder had
     * @param reason {@code STOLEN} or {@code EXPIRED}
     * @return a lost refusal
     */
    public static Map<String, Object> lost(String key, long fence, String reason) {
        Map<String, Object> m = new HashMap<>();
        m.put(KIND, LOST);
        m.put(KEY, key);
        m.put(FENCE, fence);
        m.put(REASON, reason);
        return Collections.unmodifiableMap(m);
    }
}
