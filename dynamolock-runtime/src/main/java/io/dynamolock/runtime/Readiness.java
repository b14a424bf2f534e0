package io.dynamolock.runtime;

import io.dynamolock.LockUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The manager's life cycle (new, started, closed) and whether its table is ready. The table is
 * checked (and created when configured) on a daemon thread; calls wait for that up to a bound.
 * An attempt that failed for I/O reasons is replaced by a new one at the next call, and a table
 * that vanished under a running manager is checked again on request.
 */
final class Readiness {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");

    private enum State { NEW, STARTED, CLOSED }

    private final TableProvisioner provisioner;
    private final LockSettings settings;
    private final Host host;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicReference<CompletableFuture<Void>> ready = new AtomicReference<>();

    Readiness(TableProvisioner provisioner, LockSettings settings, Host host) {
        this.provisioner = provisioner;
        this.settings = settings;
        this.host = host;
    }

    /**
     * Starts checking the table unless that already began.
     *
     * @return a copy of the attempt's future: completes when ready, or exceptionally
     * @throws IllegalStateException once closed
     */
    CompletableFuture<Void> start() {
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("lock manager is closed");
        }
        state.compareAndSet(State.NEW, State.STARTED);
        return beginStart(null).copy();
    }

    /** @return the current attempt; pass it to {@link #recheck} to replace it */
    CompletableFuture<Void> current() {
        return ready.get();
    }

    /**
     * Checks the table again (it went away under a running manager) and waits for it, unless
     * another caller already replaced {@code seen}.
     */
    void recheck(CompletableFuture<Void> seen) {
        beginStart(seen);
        await(settings.startTimeout());
    }

    /** @return {@code true} for the one caller that closes the manager */
    boolean close() {
        return state.getAndSet(State.CLOSED) != State.CLOSED;
    }

    boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    /** Starts provisioning unless an attempt is running or done; a failed transient attempt is replaced. */
    private CompletableFuture<Void> beginStart(CompletableFuture<Void> failed) {
        CompletableFuture<Void> attempt = new CompletableFuture<>();
        if (!ready.compareAndSet(failed, attempt)) {
            return ready.get();
        }
        host.startDaemon("dynamolock-start", () -> {
            try {
                provisioner.ensureTable();
                LOG.log(Level.DEBUG, "lock manager ready: table {0}, owner {1}", settings.table(), settings.owner());
                attempt.complete(null);
            } catch (Throwable e) {
                attempt.completeExceptionally(e);
            }
        });
        return attempt;
    }

    /**
     * Waits until the table is ready.
     *
     * @param bound how long at most
     * @throws IllegalStateException    when the manager was never started
     * @throws LockUnavailableException when it is closed, or the table could not be made ready in time
     */
    void await(Duration bound) {
        State s = state.get();
        if (s == State.NEW) {
            throw new IllegalStateException("lock manager not started: call start() first");
        }
        if (s == State.CLOSED) {
            throw new LockUnavailableException("lock manager is closed");
        }
        CompletableFuture<Void> attempt = ready.get();
        if (attempt.isCompletedExceptionally() && transientFailure(attempt)) {
            attempt = beginStart(attempt);
        }
        try {
            host.await(attempt, WaitBound.nanos(bound));
        } catch (TimeoutException e) {
            throw new LockUnavailableException("lock table '" + settings.table() + "' was not ready within "
                    + bound + " (dynamolock.startTimeout): DynamoDB did not answer in time");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LockUnavailableException lue) {
                throw new LockUnavailableException(lue.getMessage(), lue);
            }
            throw new LockUnavailableException("lock table '" + settings.table() + "' could not be checked: "
                    + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted while waiting for the lock manager to start");
        }
    }

    private static boolean transientFailure(CompletableFuture<Void> attempt) {
        try {
            attempt.getNow(null);
            return false;
        } catch (Exception e) {
            return e.getCause() instanceof SdkException;
        }
    }
}
