package io.dynamolock.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds programs on the PATH the way a shell would, without starting them. */
final class Executables {

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private Executables() {
    }

    /**
     * @param name a program name such as {@code node}
     * @return the first executable file of that name on the PATH
     */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            for (String candidate : candidates(name)) {
                try {
                    Path file = Path.of(directory, candidate);
                    if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                        return Optional.of(file.toAbsolutePath());
                    }
                } catch (InvalidPathException e) {
                    // A malformed PATH entry hides nothing we could run: skip it.
                }
            }
        }
        return Optional.empty();
    }

    /** On Windows programs are found through their extensions; elsewhere by their bare name. */
    static List<String> candidates(String name) {
        return WINDOWS ? List.of(name + ".exe", name + ".cmd", name + ".bat", name) : List.of(name);
    }
}
