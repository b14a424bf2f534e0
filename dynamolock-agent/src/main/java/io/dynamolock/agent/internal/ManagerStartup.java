package io.dynamolock.agent.internal;

import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.LockSettings;
import io.dynamolock.runtime.NodeLockManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's configuration and lock manager, both made on a daemon thread that premain starts:
 * reading the settings (a secure random owner id, the host name) and building the SDK client take
 * tens to hundreds of milliseconds that the application's start should not wait for. Calls that
 * arrive meanwhile wait, up to {@code dynamolock.startTimeout}. A configuration error is reported
 * on standard error as soon as it is read, and every call then fails with it.
 */
final class ManagerStartup {
    /** Reading the settings is local work; this only bounds a wait that should never be long. */
    private static final Duration SETTINGS_BOUND = Duration.ofSeconds(30);

    private final CompletableFuture<LockSettings> settings = new CompletableFuture<>();
    private final CompletableFuture<NodeLockManager> manager = new CompletableFuture<>();
    /** The manager once {@link #await()} has seen it: every call after the first skips the futures. */
    private volatile NodeLockManager ready;

    private ManagerStartup() {
    }

    /**
     * Starts reading the configuration and creating the manager on a daemon thread.
     *
     * @param agentArguments the agent arguments, possibly null
     * @param context        the context class loader for the SDK's threads: the agent's own loader,
     *                       so that the SDK never finds the application's copy of itself
     * @param report         where start-up problems go
     * @return the manager-to-be
     */
    static ManagerStartup inBackground(String agentArguments, ClassLoader context, Report report) {
        ManagerStartup startup = new ManagerStartup();
        Thread starter = new Thread(new Starter(startup, agentArguments, report), "dynamolock-agent-start");
        starter.setDaemon(true);
        starter.setContextClassLoader(context);
        starter.start();
        return startup;
    }

    /** The start-up work; a named class rather than a lambda, to keep premain off the lambda machinery. */
    private static final class Starter implements Runnable {
        private final ManagerStartup startup;
        private final String agentArguments;
        private final Report report;

        Starter(ManagerStartup startup, String agentArguments, Report report) {
            this.startup = startup;
            this.agentArguments = agentArguments;
            this.report = report;
        }

        @Override
        public void run() {
            LockSettings read;
            try {
                read = LockSettings.fromEnvironment(LockSettings.parseAgentArguments(agentArguments));
            } catch (IllegalArgumentException e) {
                // The transformer is installed all the same: annotated methods refuse rather than run unlocked.
                report.problem("configuration error: " + e.getMessage()
                        + "; every @DynamoLocked call will throw LockUnavailableException until it is fixed", null);
                LockUnavailableException failure = new LockUnavailableException("DynamoLock configuration error: "
                        + e.getMessage());
                startup.settings.completeExceptionally(failure);
                startup.manager.completeExceptionally(failure);
                return;
            } catch (RuntimeException | Error e) {
                startup.settings.completeExceptionally(e);
                startup.manager.completeExceptionally(e);
                report.problem("the configuration could not be read: " + e
                        + "; every @DynamoLocked call will throw LockUnavailableException", e);
                return;
            }
            startup.settings.complete(read);
            try {
                if (read.store() == LockSettings.Store.MEMORY) {
                    report.warning("dynamolock.store=memory: locks live in this JVM's memory and exclude only its"
                            + " own threads, not other JVMs; meant for tests and benchmarks", null);
                }
                NodeLockManager created = NodeLockManager.create(read);
                // Started before it is handed out: the runtime refuses calls on a manager not yet started.
                created.startInBackground().whenComplete((ready, failure) -> {
                    if (failure != null) {
                        report.warning("lock table '" + read.table() + "' is not ready: " + rootCause(failure)
                                + "; @DynamoLocked calls check it again and fail with LockUnavailableException"
                                + " while it stays so", null);
                    }
                });
                startup.manager.complete(created);
            } catch (Throwable e) {
                startup.manager.completeExceptionally(e);
                report.problem("the lock manager could not be created: " + e
                        + "; every @DynamoLocked call will throw LockUnavailableException", e);
            }
        }
    }

    /** @return this node's owner id once the settings are read; a placeholder before */
    String owner() {
        LockSettings read = settings.isDone() && !settings.isCompletedExceptionally() ? settings.join() : null;
        return read == null ? "this node" : read.owner();
    }

    /**
     * @return the started manager, once created
     * @throws LockUnavailableException when the configuration is invalid, or the manager could not
     *     be created within {@code dynamolock.startTimeout}
     */
    NodeLockManager await() {
        NodeLockManager known = ready;
        if (known != null) {
            return known;
        }
        LockSettings read = get(settings, SETTINGS_BOUND, "the DynamoLock configuration was not read");
        known = get(manager, read.startTimeout(), "the lock manager was not created");
        ready = known;
        return known;
    }

    private static <T> T get(CompletableFuture<T> future, Duration bound, String late) {
        try {
            return future.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LockUnavailableException(late + " within " + bound + " (dynamolock.startTimeout)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LockUnavailableException unavailable) {
                throw new LockUnavailableException(unavailable.getMessage());
            }
            throw new LockUnavailableException("the lock manager could not be created: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted while waiting for the lock manager to start");
        }
    }

    /**
     * Closes the manager if it was created: releases every held lock within the runtime's bound.
     * A manager still being created is left alone; it holds nothing.
     */
    void close() {
        if (manager.isDone() && !manager.isCompletedExceptionally()) {
            manager.join().close();
        }
    }

    /** The runtime's future fails with a CompletionException around what actually went wrong. */
    private static String rootCause(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return String.valueOf(t);
    }
}
