package io.dynamolock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Installs the npm package dynalite into the work folder on first use and builds its command line.
 * The version is pinned: the library's tests depend on its exact quirks.
 */
final class Dynalite {

    static final String VERSION = "4.0.0";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Two threads of one JVM may not both hold the file lock (the JDK throws instead of waiting),
     * so they queue here first; the file lock then keeps other JVMs out.
     */
    private static final ReentrantLock INSTALLING = new ReentrantLock();

    private Dynalite() {
    }

    /** Whether dynalite can be installed and run: {@code node} and {@code npm} are on the PATH. */
    static boolean available() {
        return Executables.onPath("node").isPresent() && Executables.onPath("npm").isPresent();
    }

    /**
     * @param workDir the test-server work folder
     * @return the dynalite launcher, installed into {@code workDir/dynalite} if it was missing
     */
    static Path ensureInstalled(Path workDir) {
        Path home = workDir.resolve("dynalite");
        Path bin = launcher(home);
        // The marker is written only after npm succeeded, so a half-finished install never counts.
        Path marker = home.resolve(".installed-dynalite-" + VERSION);
        if (Files.exists(marker) && Files.exists(bin)) {
            return bin;
        }
        Path npm = Executables.onPath("npm").orElseThrow(() -> new IllegalStateException(
                "dynalite needs Node.js with npm on the PATH, and npm was not found"));
        INSTALLING.lock();
        try {
            Files.createDirectories(home);
            try (FileChannel channel = FileChannel.open(workDir.resolve("dynalite.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (!(Files.exists(marker) && Files.exists(bin))) {
                    install(npm, home, workDir.resolve("logs").resolve("dynalite-npm-install.log"));
                    if (!Files.exists(bin)) {
                        throw new IllegalStateException("npm installed dynalite@" + VERSION + " into " + home
                                + " but " + bin + " is missing");
                    }
                    Files.writeString(marker, VERSION + System.lineSeparator(), StandardCharsets.UTF_8);
                }
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install dynalite@" + VERSION + " into " + home, e);
        } finally {
            INSTALLING.unlock();
        }
    }

    /** The command line that serves in memory on a loopback port. */
    static List<String> command(Path launcher, int port) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.add("--host");
        command.add("127.0.0.1");
        command.add("--port");
        command.add(Integer.toString(port));
        return command;
    }

    private static Path launcher(Path home) {
        Path binDir = home.resolve("node_modules").resolve(".bin");
        for (String candidate : Executables.candidates("dynalite")) {
            Path file = binDir.resolve(candidate);
            if (Files.exists(file)) {
                return file;
            }
        }
        return binDir.resolve("dynalite");
    }

    private static void install(Path npm, Path home, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = List.of(npm.toString(), "install", "--no-audit", "--no-fund",
                "--prefix", home.toString(), "dynalite@" + VERSION);
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        boolean finished;
        try {
            finished = process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing dynalite", e);
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("npm did not install dynalite@" + VERSION + " within "
                    + INSTALL_TIMEOUT.toMinutes() + " min (" + String.join(" ", command) + "); log: " + log
                    + Logs.tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("npm failed with code " + process.exitValue() + " installing dynalite@"
                    + VERSION + " (" + String.join(" ", command) + "); log: " + log + Logs.tail(log));
        }
    }
}
