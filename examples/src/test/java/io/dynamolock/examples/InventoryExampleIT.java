package io.dynamolock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServerExtension;
import io.dynamolock.testing.TestTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the inventory example in a JVM with the real agent against the test server. */
@ExtendWith(DynamoDbServerExtension.class)
class InventoryExampleIT {

    @Test
    void reservationsNeverOversellAndALateWriteWithAnOldFenceIsRefused(DynamoDbServer server) throws Exception {
        Path output = Files.createTempFile("inventory", ".out");
        Process p = new ProcessBuilder(List.of(DemoIT.javaPath(),
                "-javaagent:" + System.getProperty("dynamolock.agent.jar"),
                "-Ddynamolock.endpoint=" + server.endpoint(),
                "-Ddynamolock.region=" + server.region().id(),
                "-Ddynamolock.table=" + TestTables.uniqueName("locks"),
                "-Daws.accessKeyId=test", "-Daws.secretAccessKey=test",
                "-cp", System.getProperty("dynamolock.examples.classpath"),
                "io.dynamolock.examples.inventory.InventoryExample", TestTables.uniqueName("inventory")))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = p.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(finished, "the example did not finish:\n" + text);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("reserved 5 of 24 requests; stock left 0"), text);
        assertTrue(text.contains(": refused"), text);
        assertTrue(text.contains("inventory example: PASS"), text);
    }
}
