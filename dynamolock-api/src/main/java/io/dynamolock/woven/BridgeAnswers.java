package io.dynamolock.woven;

import io.dynamolock.LockLostException;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.time.Instant;
import java.util.Map;

/**
 * Reads the bridge's refusals: maps from fixed names to JDK values, built on the agent's side by
 * {@code io.dynamolock.bootstrap.Refusal}. The names here and there must change together.
 */
final class BridgeAnswers {
    static final String KIND = "kind";
    static final String KEY = "key";
    static final String MESSAGE = "message";
    static final String HOLDER = "holder";
    static final String EXPIRES_AT = "expiresAtMillis";
    static final String FENCE = "fence";
    static final String REASON = "reason";
    static final String CAUSE = "cause";

    static final String BUSY = "busy";
    static final String UNAVAILABLE = "unavailable";
    static final String LOST = "lost";

    private BridgeAnswers() {
    }

    /** @return whether {@code answer} is a refusal rather than a value */
    static boolean isRefusal(Object answer) {
        return answer instanceof Map;
    }

    /** @return whether {@code answer} is a refusal of kind busy */
    static boolean isBusy(Object answer) {
        return answer instanceof Map<?, ?> m && BUSY.equals(m.get(KIND));
    }

    /**
     * @param refusal a refusal map
     * @return this api's exception for it
     */
    static RuntimeException exception(Object refusal) {
        Map<?, ?> m = (Map<?, ?>) refusal;
        Object kind = m.get(KIND);
        if (BUSY.equals(kind)) {
            Object expires = m.get(EXPIRES_AT);
            return new LockNotAcquiredException((String) m.get(KEY), (String) m.get(HOLDER),
                    expires instanceof Long millis ? Instant.ofEpochMilli(millis) : null);
        }
        if (LOST.equals(kind)) {
            return new LockLostException((String) m.get(KEY), (Long) m.get(FENCE),
                    LockLostException.Reason.valueOf((String) m.get(REASON)));
        }
        if (UNAVAILABLE.equals(kind)) {
            Object cause = m.get(CAUSE);
            return cause instanceof Throwable t
                    ? new LockUnavailableException((String) m.get(MESSAGE), t)
                    : new LockUnavailableException((String) m.get(MESSAGE));
        }
        return new LockUnavailableException("the DynamoLock agent gave an answer this api does not know: " + m
                + "; use the agent and api of the same version");
    }

    /**
     * Turns a failure of the bridge call itself (not a refusal) into an api exception.
     *
     * @param failure what the method handle threw
     * @return the unchecked exception to throw
     */
    static RuntimeException unexpected(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            return e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new LockUnavailableException("the DynamoLock agent failed: " + failure, failure);
    }
}
