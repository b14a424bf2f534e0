package io.dynamolock.testing;

import java.util.concurrent.locks.ReentrantLock;
import org.opentest4j.TestAbortedException;

/**
 * The one server of a test run, started on first use. A failed start is remembered, so the
 * classes after the first fail (or skip) at once instead of each waiting for a start that will
 * not work.
 */
final class SharedServer implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private DynamoDbServer server;
    private RuntimeException failure;
    private boolean closed;

    DynamoDbServer get() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("The shared DynamoDB test server was already stopped");
            }
            if (server != null) {
                return server;
            }
            if (failure != null) {
                throw repeat(failure);
            }
            try {
                server = DynamoDbServers.start();
                return server;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (server != null) {
                server.close();
                server = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A fresh exception of the same kind, so a skip stays a skip and a failure a failure. */
    private static RuntimeException repeat(RuntimeException first) {
        String message = "The shared DynamoDB test server could not be started earlier in this run: "
                + first.getMessage();
        if (first instanceof TestAbortedException) {
            return new TestAbortedException(message, first);
        }
        return new IllegalStateException(message, first);
    }
}
