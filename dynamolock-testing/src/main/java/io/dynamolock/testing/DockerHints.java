package io.dynamolock.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cheap look for signs of a Docker daemon before asking Testcontainers, whose own check is
 * slower and logs a failure report. Only {@code auto} uses it: with no sign at all, {@code auto}
 * moves on to moto or dynalite at no cost; with any sign, Testcontainers decides. An explicit
 * {@code localstack} request always asks Testcontainers.
 */
final class DockerHints {

    private DockerHints() {
    }

    static boolean anyPresent() {
        if (notBlank(System.getenv("DOCKER_HOST"))
                || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return true; // Windows daemons listen on named pipes, which no file check can see.
        }
        String home = System.getProperty("user.home", "");
        List<Path> signs = new ArrayList<>();
        // Testcontainers' own configuration may name any daemon (docker.host, a strategy).
        signs.add(Path.of(home, ".testcontainers.properties"));
        // Docker CLI contexts (Docker Desktop, Colima, Podman, ...) live in this file.
        signs.add(Path.of(home, ".docker", "config.json"));
        signs.add(Path.of("/var/run/docker.sock"));
        signs.add(Path.of(home, ".docker", "run", "docker.sock"));
        signs.add(Path.of(home, ".docker", "desktop", "docker.sock"));
        signs.add(Path.of(home, ".colima", "default", "docker.sock"));
        signs.add(Path.of(home, ".colima", "docker.sock"));
        signs.add(Path.of(home, ".rd", "docker.sock"));
        signs.add(Path.of(home, ".orbstack", "run", "docker.sock"));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (notBlank(runtimeDir)) {
            signs.add(Path.of(runtimeDir, "docker.sock"));
            signs.add(Path.of(runtimeDir, ".docker", "run", "docker.sock"));
            signs.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        return signs.stream().anyMatch(Files::exists);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
