package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** ServerMain in its own JVM, as the demo script runs it. */
class ServerMainTest {

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void printsEndpointThenBackendAndStopsTheServerWhenStdinCloses() throws Exception {
        Process main = startMain();
        try {
            URI endpoint = readAnnouncement(main);
            assertAnswers(endpoint);

            main.getOutputStream().close();

            assertTrue(main.waitFor(30, TimeUnit.SECONDS), "ServerMain did not exit after its stdin closed");
            assertEquals(0, main.exitValue(), stderr());
            Tables.assertPortClosed(endpoint.getPort());
        } finally {
            main.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void stopsTheServerOnSigterm() throws Exception {
        Process main = startMain("--ignore-stdin");
        try {
            URI endpoint = readAnnouncement(main);
            assertAnswers(endpoint);

            main.destroy(); // SIGTERM

            assertTrue(main.waitFor(30, TimeUnit.SECONDS), "ServerMain did not exit on SIGTERM");
            Tables.assertPortClosed(endpoint.getPort());
        } finally {
            main.destroyForcibly();
        }
    }

    private Process startMain(String... args) throws IOException {
        assumeTrue(DynamoDbServers.motoAvailable(), "moto_server is not on the PATH");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + DynamoDbServers.BACKEND_PROPERTY + "=moto",
                "-D" + DynamoDbServers.WORKDIR_PROPERTY + "=" + DynamoDbServers.workDir(),
                ServerMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(temp.resolve("stderr.txt").toFile()).start();
    }

    /** The two announced lines, exactly, and nothing else on stdout. */
    private URI readAnnouncement(Process main) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8));
        String endpointLine = out.readLine();
        String backendLine = out.readLine();
        assertNotNull(endpointLine, "ServerMain printed nothing; stderr: " + stderr());
        assertTrue(endpointLine.startsWith("endpoint=http://127.0.0.1:"), endpointLine);
        assertEquals("backend=moto", backendLine);
        return URI.create(endpointLine.substring("endpoint=".length()));
    }

    private static void assertAnswers(URI endpoint) {
        try (DynamoDbClient client = DynamoDbServers.external(endpoint).newClient()) {
            client.listTables();
        }
    }

    private String stderr() {
        try {
            return Files.readString(temp.resolve("stderr.txt"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
