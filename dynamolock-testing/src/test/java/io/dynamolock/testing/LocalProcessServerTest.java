package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessServerTest {

    @TempDir
    Path workDir;

    @Test
    void failedStartReportsTheEndOfTheServerLog() {
        assumeTrue(Executables.onPath("sh").isPresent(), "no sh to play a failing server");
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> LocalProcessServer.start(
                "broken", port -> List.of("sh", "-c", "echo cannot listen on " + port + "; exit 3"), Map.of(), workDir));
        assertTrue(error.getMessage().contains("exited with code 3"), error.getMessage());
        assertTrue(error.getMessage().contains("end of the log:\ncannot listen on"), error.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serverIsStoppedWhenItsJvmExitsWithoutClosingIt() throws Exception {
        assumeTrue(DynamoDbServers.motoAvailable(), "moto_server is not on the PATH");
        Process jvm = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + DynamoDbServers.WORKDIR_PROPERTY + "=" + DynamoDbServers.workDir(),
                ExitWithoutClosing.class.getName())
                .redirectError(workDir.resolve("stderr.txt").toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String endpoint = out.readLine();
            assertNotNull(endpoint, "the child JVM printed no endpoint");
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the child JVM did not exit");
            Tables.assertPortClosed(URI.create(endpoint).getPort());
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** Starts moto, prints its endpoint and exits, leaving the stop to the shutdown hook. */
    static final class ExitWithoutClosing {
        public static void main(String[] args) {
            DynamoDbServer server = DynamoDbServers.startMoto();
            System.out.println(server.endpoint());
            System.out.flush();
            System.exit(0);
        }
    }
}
