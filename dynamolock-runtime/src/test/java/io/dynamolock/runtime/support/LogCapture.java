package io.dynamolock.runtime.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the runtime logs (its {@code System.Logger} "io.dynamolock" goes to
 * java.util.logging when no other backend is installed) at WARNING and above, until closed.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.dynamolock");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogCapture() {
        setLevel(Level.WARNING);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            records.add(record);
        }
    }

    /** @return the messages logged so far, with their parameters filled in */
    public List<String> messages() {
        return records.stream().map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
