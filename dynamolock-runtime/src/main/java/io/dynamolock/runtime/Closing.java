package io.dynamolock.runtime;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How a {@link DynamoDbLockManager} closes (the agent's shutdown hook closes it on SIGTERM). New
 * acquires are refused at once; a lock still in use is never released by closing, since another
 * node could then take it while its holder works on. Closing waits up to
 * {@code dynamolock.shutdownGrace} for the holders to release their locks, each as it ends, and
 * releases a lock whose taking thread went into {@code System.exit} (it never returns to its
 * work). The manager's work stops only once no lock is in use any more.
 */
final class Closing {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");
    /** How often closing looks for holders gone into {@code System.exit} while it waits. */
    private static final long EXIT_CHECK_NANOS = 100_000_000L;

    private final LockSettings settings;
    private final Host host;
    private final Readiness readiness;
    private final AcquireLoop acquirer;
    private final Map<String, HeldLock> held;
    private final Runnable stopWork;
    /** Completes when the first {@link #close()} returns. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** @param stopWork stops the heartbeat and closes the client; run once no lock is in use */
    Closing(LockSettings settings, Host host, Readiness readiness, AcquireLoop acquirer, Map<String, HeldLock> held,
            Runnable stopWork) {
        this.settings = settings;
        this.host = host;
        this.readiness = readiness;
        this.acquirer = acquirer;
        this.held = held;
        this.stopWork = stopWork;
    }

    /** Closes; idempotent, and a concurrent second call waits for the first. */
    void close() {
        if (!readiness.close()) {
            awaitClosed();
            return;
        }
        try {
            long deadline = host.nanoTime() + settings.shutdownGrace().toNanos();
            acquirer.awaitAttemptsOut(deadline);
            List<HeldLock> inUse = held.values().stream().filter(l -> !l.ended().isDone()).toList();
            if (!awaitEnded(inUse, deadline)) {
                List<String> keys = inUse.stream().filter(l -> !l.ended().isDone())
                        .map(l -> Keys.printable(l.key())).toList();
                LOG.log(Level.WARNING, "closing the lock manager: " + keys.size() + " lock(s) still in use after "
                        + "dynamolock.shutdownGrace (" + settings.shutdownGrace() + "), not released under their "
                        + "holders: " + keys + "; they stay renewed until released, and expire after their lease "
                        + "if the JVM stops first");
            }
            CompletableFuture<Void> allEnded = CompletableFuture.allOf(
                    inUse.stream().map(HeldLock::ended).toArray(CompletableFuture[]::new));
            if (allEnded.isDone()) {
                stopWork.run();
            } else {
                allEnded.whenComplete((done, failure) -> host.startDaemon("dynamolock-close", stopWork));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed.complete(null);
        }
    }

    /**
     * Waits until every lock of {@code locks} ended, or the deadline; meanwhile releases those whose
     * taking thread went into {@code System.exit}, which may happen while it waits.
     *
     * @return whether all ended
     */
    private boolean awaitEnded(List<HeldLock> locks, long deadline) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(
                locks.stream().map(HeldLock::ended).toArray(CompletableFuture[]::new));
        while (true) {
            for (HeldLock lock : locks) {
                if (!lock.ended().isDone() && lock.takerIsExiting()) {
                    releaseQuietly(lock);
                }
            }
            long left = deadline - host.nanoTime();
            if (all.isDone() || left <= 0) {
                return all.isDone();
            }
            try {
                host.await(all, Math.min(left, EXIT_CHECK_NANOS));
            } catch (ExecutionException | TimeoutException e) {
                // look again
            }
        }
    }

    private void awaitClosed() {
        try {
            host.await(closed, settings.shutdownGrace().plusSeconds(10).toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the first close() is still waiting for its holders; nothing more to do here
        }
    }

    private static void releaseQuietly(HeldLock lock) {
        try {
            lock.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e.getMessage());
        }
    }
}
