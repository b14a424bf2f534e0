package io.dynamolock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the demo end to end, as the README's first command does, in its short mode. */
class DemoIT {

    @Test
    void shortDemoFinishesEveryJobOnceWithOneTakeOverAndPasses() throws Exception {
        Path output = Files.createTempFile("demo", ".out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddynamolock.agent.jar=" + System.getProperty("dynamolock.agent.jar"),
                "-Ddynamolock.examples.classpath=" + System.getProperty("dynamolock.examples.classpath"),
                "-Ddynamolock.test.backend=" + System.getProperty("dynamolock.test.backend", "auto"),
                "-Ddynamolock.test.workdir=" + System.getProperty("dynamolock.test.workdir"),
                "-cp", System.getProperty("dynamolock.examples.classpath"),
                "io.dynamolock.examples.demo.Demo", "--short"));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = demo.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(text);
        assertTrue(finished, "the demo did not finish in 3 minutes");
        assertEquals(0, demo.exitValue(), text);
        assertTrue(text.contains("jobs done        12/12"), text);
        assertTrue(text.contains("duplicates       0"), text);
        assertTrue(text.contains("fences in order  yes"), text);
        assertTrue(text.contains("take-overs       1"), text);
        assertTrue(text.contains("result           PASS"), text);
        assertTrue(text.contains("taken over"), "the take-over is shown as it happens:\n" + text);
        assertEquals(0, leftoverWorkers(), "the demo must not leave worker JVMs behind");
    }

    private static long leftoverWorkers() throws InterruptedException {
        Thread.sleep(500);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("io.dynamolock.examples.jobs.JobWorker"))
                .count();
    }

    static String javaPath() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
