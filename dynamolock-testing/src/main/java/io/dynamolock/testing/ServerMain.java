package io.dynamolock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.opentest4j.TestAbortedException;

/**
 * Runs a DynamoDB-compatible server for scripts such as the demo:
 *
 * <pre>
 * java -Ddynamolock.test.backend=moto \
 *      -cp dynamolock-testing/target/dynamolock-testing-0.1.0-SNAPSHOT.jar:dynamolock-testing/target/lib/* \
 *      io.dynamolock.testing.ServerMain [--ignore-stdin]
 * </pre>
 *
 * <p>It chooses and starts the server exactly as {@link DynamoDbServers#start()} does (same system
 * properties and environment variables), prints {@code endpoint=<uri>} and then
 * {@code backend=<name>} on standard output, one line each and nothing else, and keeps the server
 * running until its standard input reaches end of file or it gets SIGTERM or SIGINT; then it stops
 * the server. A script that starts it in the background must keep its standard input open (e.g.
 * feed it from a FIFO or {@code sleep infinity |}), since a background job's input may be
 * {@code /dev/null}; or pass {@code --ignore-stdin} and stop it with SIGTERM.
 *
 * <p>Exit codes: 0 after end of input, 1 when the server could not be started, 2 for bad
 * arguments or settings (e.g. an unknown backend), 3 when the requested server is unavailable
 * here (LocalStack without Docker). Messages go to standard error.
 */
public final class ServerMain {

    private static final String USAGE = "usage: java [-Ddynamolock.test.backend=auto|external|localstack|moto|dynalite]"
            + " -cp <dynamolock-testing jar>:<its lib folder>/* io.dynamolock.testing.ServerMain [--ignore-stdin]";

    private ServerMain() {
    }

    /**
     * Starts the server, prints where it is, and waits.
     *
     * @param args {@code --ignore-stdin} to run until a signal instead of until end of input;
     *     {@code --help} for usage
     */
    public static void main(String[] args) {
        boolean watchStdin = true;
        for (String arg : args) {
            if (arg.equals("--ignore-stdin")) {
                watchStdin = false;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            } else {
                System.err.println("ServerMain: unknown argument '" + arg + "'\n" + USAGE);
                System.exit(2);
            }
        }
        DynamoDbServer server;
        try {
            server = DynamoDbServers.start();
        } catch (TestAbortedException e) {
            System.err.println("ServerMain: " + e.getMessage());
            System.exit(3);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("ServerMain: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("ServerMain: " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM and SIGINT run shutdown hooks; close() is idempotent, so the normal path may close too.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynamolock-server-main-stop"));
        PrintStream out = System.out;
        out.println("endpoint=" + server.endpoint());
        out.println("backend=" + server.backend());
        out.flush();
        if (watchStdin) {
            drain(System.in);
            server.close();
            // Exit explicitly: a library thread left running must not keep the JVM alive.
            System.exit(0);
        } else {
            awaitSignal();
        }
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[1024];
        try {
            while (in.read(buffer) >= 0) {
                // Input content is ignored: only its end matters.
            }
        } catch (IOException e) {
            // A broken input is as good as a closed one: stop.
        }
    }

    private static void awaitSignal() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
