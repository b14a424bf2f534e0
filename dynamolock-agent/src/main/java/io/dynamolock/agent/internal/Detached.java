package io.dynamolock.agent.internal;

/**
 * Copies of failures made of JDK exception types only, for handing to the application through
 * the bridge: an SDK or runtime exception class must not reach it (nor keep the agent's loader
 * reachable from its objects). The copy keeps the class name in its message and the stack trace.
 */
final class Detached {
    private static final int MAX_DEPTH = 8;

    private Detached() {
    }

    /**
     * @param failure a failure, possibly of the agent's own classes
     * @return a copy built from {@link RuntimeException}s, or {@code null} for {@code null}
     */
    static Throwable of(Throwable failure) {
        return copy(failure, 0);
    }

    private static Throwable copy(Throwable failure, int depth) {
        if (failure == null || depth == MAX_DEPTH) {
            return null;
        }
        Throwable cause = failure.getCause() == failure ? null : copy(failure.getCause(), depth + 1);
        RuntimeException copy = new RuntimeException(failure.toString(), cause);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }
}
