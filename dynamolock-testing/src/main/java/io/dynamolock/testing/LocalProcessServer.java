package io.dynamolock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A server run as a child process on a loopback port: moto or dynalite. Its output goes to a log
 * file in the work folder, never to the console; a failed start quotes the log's tail.
 */
final class LocalProcessServer implements DynamoDbServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** New ports tried when a fresh start loses a race for its port. */
    private static final int START_ATTEMPTS = 3;
    /** Tries to get the same port back on restart while the old socket is still being released. */
    private static final int RESTART_ATTEMPTS = 10;

    private final String backend;
    private final IntFunction<List<String>> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final int port;
    private final URI endpoint;
    private final Path log;
    private final Thread shutdownHook;
    private final ReentrantLock lock = new ReentrantLock();
    /** Read without the lock by the shutdown hook, which must not wait for a start in progress. */
    private volatile Process process;
    private boolean closed;

    private LocalProcessServer(String backend, IntFunction<List<String>> command,
            Map<String, String> environment, Path workDir, int port) {
        this.backend = backend;
        this.command = command;
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.port = port;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.log = workDir.resolve("logs").resolve(backend + "-" + port + ".log");
        this.shutdownHook = new Thread(this::stopCurrentProcess, "dynamolock-" + backend + "-" + port + "-stop");
    }

    /**
     * Starts a server on a free loopback port and returns once it answers a ListTables.
     *
     * @param backend     the backend name, for messages and the log file name
     * @param command     the command line for a port
     * @param environment added to this JVM's environment for the process
     * @param workDir     the process' working folder; logs go to its {@code logs} subfolder
     */
    static LocalProcessServer start(String backend, IntFunction<List<String>> command,
            Map<String, String> environment, Path workDir) {
        StartFailure last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            LocalProcessServer server = new LocalProcessServer(backend, command, environment, workDir, freePort());
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.lock.lock();
                try {
                    server.launch(false);
                } finally {
                    server.lock.unlock();
                }
                return server;
            } catch (StartFailure e) {
                server.close();
                last = e;
                // Only an early exit can be a lost race for the port; a hang would just hang again.
                if (!e.exitedEarly) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }
        throw new IllegalStateException(last.getMessage(), last.getCause());
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public AwsCredentialsProvider credentialsProvider() {
        return Clients.FAKE_CREDENTIALS;
    }

    @Override
    public boolean supportsRestart() {
        return true;
    }

    @Override
    public void restart() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(this + " is closed and cannot be restarted");
            }
            stop(process);
            process = null;
            StartFailure last = null;
            for (int attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
                try {
                    launch(true);
                    return;
                } catch (StartFailure e) {
                    last = e;
                    if (!e.exitedEarly) {
                        break;
                    }
                    sleep(Duration.ofMillis(200));
                }
            }
            throw new IllegalStateException("Restart failed: " + last.getMessage(), last.getCause());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stopCurrentProcess();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs (or ran) anyway, harmlessly.
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return backend + " at " + endpoint;
    }

    /** Starts the process (caller holds the lock) and waits until it answers. */
    private void launch(boolean appendToLog) throws StartFailure {
        List<String> commandLine = command.apply(port);
        Process started;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(commandLine)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(appendToLog
                            ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            started = builder.start();
            // The servers read nothing; an open pipe would only leak a file descriptor.
            started.getOutputStream().close();
        } catch (IOException e) {
            throw new StartFailure("Could not start " + backend + " (" + String.join(" ", commandLine) + "): "
                    + e.getMessage(), e, false);
        }
        process = started;
        awaitReady(started, commandLine);
    }

    private void awaitReady(Process started, List<String> commandLine) throws StartFailure {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SdkException lastError = null;
        try (DynamoDbClient probe = Clients.probe(endpoint)) {
            while (true) {
                if (!started.isAlive()) {
                    throw failure("exited with code " + started.exitValue() + " before answering",
                            commandLine, lastError, true);
                }
                try {
                    probe.listTables(request -> request.limit(1));
                    // Another server that won our port would answer too; ours must still be running.
                    if (started.isAlive()) {
                        return;
                    }
                } catch (SdkException e) {
                    lastError = e;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw failure("did not answer within " + START_TIMEOUT.toSeconds() + " s",
                            commandLine, lastError, false);
                }
                sleep(POLL_INTERVAL);
            }
        } catch (StartFailure e) {
            stop(started);
            process = null;
            throw e;
        }
    }

    private StartFailure failure(String what, List<String> commandLine, Exception cause, boolean exitedEarly) {
        return new StartFailure(backend + " on port " + port + " " + what + " (command: "
                + String.join(" ", commandLine) + "; log: " + log + ")" + Logs.tail(log), cause, exitedEarly);
    }

    private void stopCurrentProcess() {
        stop(process);
    }

    /**
     * Stops a process and everything it started: politely first, then forcibly after a bounded
     * wait, so a shim or wrapper cannot leave the real server running.
     */
    private static void stop(Process target) {
        if (target == null) {
            return;
        }
        List<ProcessHandle> family = new ArrayList<>(target.descendants().toList());
        family.add(0, target.toHandle());
        family.forEach(ProcessHandle::destroy);
        if (!awaitExit(family, STOP_TIMEOUT)) {
            family.forEach(ProcessHandle::destroyForcibly);
            awaitExit(family, STOP_TIMEOUT);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * A free loopback port, found by binding port 0. Another process may take it before the
     * server binds; {@link #start} then retries on a new port.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a test server", e);
        }
    }

    /** A start that did not produce an answering server. */
    private static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean exitedEarly;

        StartFailure(String message, Throwable cause, boolean exitedEarly) {
            super(message, cause);
            this.exitedEarly = exitedEarly;
        }
    }
}
