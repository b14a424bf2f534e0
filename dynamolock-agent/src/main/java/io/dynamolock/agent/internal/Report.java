package io.dynamolock.agent.internal;

import java.lang.System.Logger.Level;

/**
 * Where the agent's own messages go: {@link System.Logger} {@code io.dynamolock.agent} always, and
 * standard error for what a person starting the application must see (start-up problems,
 * methods that cannot be woven). Never standard output: the application owns it.
 */
final class Report {
    private static final String PREFIX = "dynamolock: ";

    /**
     * A problem the person starting the JVM must see: standard error and the log at ERROR.
     *
     * @param message the message, without prefix
     * @param cause   the underlying failure, or {@code null}
     */
    void problem(String message, Throwable cause) {
        // Read System.err each time: the application (or a test) may have replaced it.
        System.err.println(PREFIX + message);
        log(Level.ERROR, message, cause);
    }

    /**
     * Something worth knowing that does not stop anything: the log only, at WARNING.
     *
     * @param message the message, without prefix
     * @param cause   the underlying failure, or {@code null}
     */
    void warning(String message, Throwable cause) {
        log(Level.WARNING, message, cause);
    }

    private static void log(Level level, String message, Throwable cause) {
        try {
            System.Logger logger = System.getLogger("io.dynamolock.agent");
            if (cause == null) {
                logger.log(level, message);
            } else {
                logger.log(level, message, cause);
            }
        } catch (RuntimeException | LinkageError e) {
            // Logging must never break the caller; standard error carries problems anyway.
        }
    }
}
