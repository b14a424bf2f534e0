package io.dynamolock.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.regions.Region;

/**
 * Starts DynamoDB-compatible servers: the one the build asks for ({@link #start()}) or a given
 * kind ({@link #start(Backend)}, {@link #startMoto()}, ...). Every server returned is running and
 * answering; the caller closes it.
 *
 * <p>Settings, each a system property first, then an environment variable:
 * <ul>
 *   <li>{@value #BACKEND_PROPERTY} / {@value #BACKEND_ENV}: {@code auto} (default),
 *       {@code external}, {@code localstack}, {@code moto} or {@code dynalite};</li>
 *   <li>{@value #ENDPOINT_PROPERTY} / {@value #ENDPOINT_ENV}: the endpoint of an external server;
 *       setting it makes {@code auto} choose it;</li>
 *   <li>{@value #REGION_PROPERTY} / {@value #REGION_ENV}: the region of an external server
 *       (default {@code us-east-1});</li>
 *   <li>{@value #WORKDIR_PROPERTY}: where dynalite is installed and server logs go (default
 *       {@code target/test-servers}).</li>
 * </ul>
 */
public final class DynamoDbServers {

    /** System property naming the backend. */
    public static final String BACKEND_PROPERTY = "dynamolock.test.backend";
    /** Environment variable naming the backend, read when the property is unset or blank. */
    public static final String BACKEND_ENV = "DYNAMOLOCK_TEST_BACKEND";
    /** System property with an external server's endpoint. */
    public static final String ENDPOINT_PROPERTY = "dynamolock.test.endpoint";
    /** Environment variable with an external server's endpoint. */
    public static final String ENDPOINT_ENV = "DYNAMOLOCK_TEST_ENDPOINT";
    /** System property with an external server's region. */
    public static final String REGION_PROPERTY = "dynamolock.test.region";
    /** Environment variable with an external server's region. */
    public static final String REGION_ENV = "DYNAMOLOCK_TEST_REGION";
    /** System property naming the work folder for installs and logs. */
    public static final String WORKDIR_PROPERTY = "dynamolock.test.workdir";

    private static final String HOW_TO_GET_ONE = "Get one of: Python moto (pip install \"moto[server]\", which puts"
            + " moto_server on the PATH); Node.js with npm on the PATH (dynalite@" + Dynalite.VERSION
            + " is then installed into the work folder); Docker, for LocalStack through Testcontainers; or set "
            + ENDPOINT_ENV + " to a server you run (e.g. http://localhost:8000 for DynamoDB Local).";

    private DynamoDbServers() {
    }

    /**
     * @return the backend the settings ask for ({@link Backend#AUTO} when none is set)
     * @throws IllegalArgumentException when the setting names no known backend
     */
    public static Backend configuredBackend() {
        return Backend.fromSettings(System.getProperty(BACKEND_PROPERTY), System.getenv(BACKEND_ENV));
    }

    /**
     * Starts the server the settings ask for.
     *
     * @return a running server
     * @throws IllegalArgumentException when the backend setting is unknown
     * @throws IllegalStateException when the requested server cannot be had; the message says how
     *     to get one
     * @throws TestAbortedException when LocalStack is requested and Docker is unavailable, so that
     *     tests are skipped rather than failed
     */
    public static DynamoDbServer start() {
        return start(configuredBackend());
    }

    /**
     * Starts a server of the given kind; {@link Backend#AUTO} picks, in order: an external endpoint
     * when one is set, LocalStack when Docker is available, moto when {@code moto_server} is on the
     * PATH, dynalite when {@code node} and {@code npm} are.
     *
     * @param backend the kind of server
     * @return a running server
     * @throws IllegalStateException when that kind cannot be had; the message says how to get one
     * @throws TestAbortedException when LocalStack is requested and Docker is unavailable
     */
    public static DynamoDbServer start(Backend backend) {
        return switch (backend) {
            case AUTO -> start(chooseAuto(endpointSetting().isPresent(), DynamoDbServers::dockerLikelyAvailable,
                    motoAvailable(), dynaliteAvailable()));
            case EXTERNAL -> external(endpointSetting().orElseThrow(() -> new IllegalStateException(
                    "Backend 'external' needs the endpoint of a running server in " + ENDPOINT_ENV
                            + " (or -D" + ENDPOINT_PROPERTY + "), e.g. http://localhost:8000")));
            case LOCALSTACK -> startLocalStack();
            case MOTO -> startMoto();
            case DYNALITE -> startDynalite();
        };
    }

    /**
     * moto with one request handled at a time: each request's body is read on its own thread (so a
     * stalled or SIGSTOPped client blocks nobody), then handled under one lock, so that racing
     * conditional writes are applied atomically as DynamoDB applies them.
     */
    private static final String SERIALIZED_MOTO = String.join("\n",
            "import io, os, sys, threading",
            "os.environ.setdefault('MOTO_PORT', sys.argv[2])",
            "from werkzeug.serving import run_simple",
            "from moto.server import DomainDispatcherApplication, create_backend_app",
            "inner = DomainDispatcherApplication(create_backend_app)",
            "lock = threading.Lock()",
            "def app(environ, start_response):",
            "    n = int(environ.get('CONTENT_LENGTH') or 0)",
            "    environ['wsgi.input'] = io.BytesIO(environ['wsgi.input'].read(n) if n else b'')",
            "    with lock:",
            "        return list(inner(environ, start_response))",
            "run_simple(sys.argv[1], int(sys.argv[2]), app, threaded=True)");

    /**
     * Starts moto (found through {@code moto_server} on the PATH), one request at a time, on a free loopback port.
     *
     * @return a running moto server
     * @throws IllegalStateException when moto_server is not on the PATH or does not start
     */
    public static DynamoDbServer startMoto() {
        Path motoServer = Executables.onPath("moto_server").orElseThrow(() -> new IllegalStateException(
                "Backend 'moto' was requested but moto_server is not on the PATH. Install it with"
                        + " pip install \"moto[server]\", or choose another backend with -D" + BACKEND_PROPERTY
                        + " or " + BACKEND_ENV + " (" + Backend.acceptedValues() + ")."));
        // moto_server handles requests on concurrent threads and then does not apply racing
        // conditional writes atomically (two acquirers can both win a key). DynamoDB does, and the
        // tests prove mutual exclusion, so moto runs with its handling serialized (SERIALIZED_MOTO).
        Path python = Files.isExecutable(motoServer.resolveSibling("python3"))
                ? motoServer.resolveSibling("python3") : Path.of("python3");
        return LocalProcessServer.start(Backend.MOTO.id(),
                port -> List.of(python.toString(), "-c", SERIALIZED_MOTO, "127.0.0.1", Integer.toString(port)),
                // Unbuffered, so a failed start's log tail shows what moto said last.
                Map.of("PYTHONUNBUFFERED", "1"),
                workDir());
    }

    /**
     * Starts dynalite (in memory) on a free loopback port, installing it with npm into
     * {@code <workdir>/dynalite} first if needed.
     *
     * @return a running dynalite server
     * @throws IllegalStateException when node or npm is not on the PATH, or the install or start fails
     */
    public static DynamoDbServer startDynalite() {
        if (!dynaliteAvailable()) {
            throw new IllegalStateException("Backend 'dynalite' was requested but node and npm are not both on"
                    + " the PATH. Install Node.js (with npm), or choose another backend with -D" + BACKEND_PROPERTY
                    + " or " + BACKEND_ENV + " (" + Backend.acceptedValues() + ").");
        }
        Path workDir = workDir();
        Path launcher = Dynalite.ensureInstalled(workDir);
        return LocalProcessServer.start(Backend.DYNALITE.id(), port -> Dynalite.command(launcher, port),
                Map.of(), workDir);
    }

    /**
     * Starts LocalStack's DynamoDB in Docker through Testcontainers (image {@code localstack/localstack:3}).
     *
     * @return a running LocalStack
     * @throws TestAbortedException when Docker is unavailable, so tests are skipped, not failed
     */
    public static DynamoDbServer startLocalStack() {
        boolean docker;
        try {
            docker = LocalStackServer.dockerAvailable();
        } catch (LinkageError e) {
            docker = false; // Testcontainers left off the class path.
        }
        if (!docker) {
            throw new TestAbortedException("Backend 'localstack' was requested but Docker is not available"
                    + " (Testcontainers found no working daemon): skipping. Start Docker, or choose another"
                    + " backend with -D" + BACKEND_PROPERTY + " or " + BACKEND_ENV + ".");
        }
        return LocalStackServer.start();
    }

    /**
     * Uses a server someone else runs. Loopback endpoints get the fake credentials
     * {@code test}/{@code test}; others the SDK's default credentials chain. The region comes from
     * {@value #REGION_PROPERTY} / {@value #REGION_ENV}, default {@code us-east-1}.
     *
     * @param endpoint an http(s) URL such as {@code http://localhost:8000}
     * @return a server whose {@code close()} leaves the server running
     * @throws IllegalArgumentException when the endpoint is not an http(s) URL with a host
     */
    public static DynamoDbServer external(URI endpoint) {
        String region = setting(REGION_PROPERTY, REGION_ENV).orElse(Region.US_EAST_1.id());
        return new ExternalServer(endpoint, Region.of(region));
    }

    /** @return whether {@code moto_server} is on the PATH */
    public static boolean motoAvailable() {
        return Executables.onPath("moto_server").isPresent();
    }

    /** @return whether {@code node} and {@code npm} are on the PATH, so dynalite can be installed and run */
    public static boolean dynaliteAvailable() {
        return Dynalite.available();
    }

    /** @return the absolute work folder for installs and logs ({@value #WORKDIR_PROPERTY}) */
    public static Path workDir() {
        String configured = System.getProperty(WORKDIR_PROPERTY);
        return Path.of(configured == null || configured.isBlank() ? "target/test-servers" : configured)
                .toAbsolutePath();
    }

    /**
     * The {@code auto} rule as a pure function, so its order can be tested. Docker is asked last
     * among what is needed, and only when no endpoint is set.
     */
    static Backend chooseAuto(boolean endpointSet, BooleanSupplier docker, boolean moto, boolean dynalite) {
        if (endpointSet) {
            return Backend.EXTERNAL;
        }
        if (docker.getAsBoolean()) {
            return Backend.LOCALSTACK;
        }
        if (moto) {
            return Backend.MOTO;
        }
        if (dynalite) {
            return Backend.DYNALITE;
        }
        throw new IllegalStateException("No DynamoDB-compatible server is available for the tests. " + HOW_TO_GET_ONE);
    }

    private static boolean dockerLikelyAvailable() {
        if (!DockerHints.anyPresent()) {
            return false;
        }
        try {
            return LocalStackServer.dockerAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    private static Optional<URI> endpointSetting() {
        return setting(ENDPOINT_PROPERTY, ENDPOINT_ENV).map(value -> {
            try {
                return URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The DynamoDB endpoint '" + value + "' is not a valid URI", e);
            }
        });
    }

    private static Optional<String> setting(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
