package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.apps.CounterApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ChildProcesses;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import io.dynamolock.agent.support.RunningJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual exclusion between JVMs, each with the real agent jar: three JVMs increment one number in
 * a shared file with a read, a pause and a write, under one {@code @DynamoLocked("counter")}
 * method. Without the lock that read-modify-write loses updates; with it, none is lost and the
 * fences, appended in the order the bodies ran, rise strictly.
 */
@ExtendWith(ItEnvironment.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MutualExclusionAcrossJvmsIT {
    private static final int JVMS = 3;
    private static final int CALLS = 40;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private final String table = "mutex-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void threeJvmsIncrementingOneFileUnderOneKeyLoseNoUpdateAndRunInFenceOrder(Env env, @TempDir Path dir)
            throws Exception {
        Path counter = Files.writeString(dir.resolve("counter.txt"), "0");
        Path fences = Files.createFile(dir.resolve("fences.txt"));
        List<RunningJvm> jvms = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            // Lease 3 s, heartbeat 1 s, and waitFor 30 s on the method: every caller gets in eventually.
            ChildJvm jvm = new ChildJvm().withAgent(null).against(env, table)
                    .option("-Ddynamolock.lease=3s").option("-Ddynamolock.heartbeat=1s")
                    .option("-Ddynamolock.clockSkew=500ms");
            jvms.add(children.start(jvm, "jvm" + i, CounterApp.class, "jvm" + i, counter.toString(), fences.toString(),
                    Integer.toString(CALLS)));
        }
        for (RunningJvm jvm : jvms) {
            assertTrue(jvm.await("ready ", Duration.ofSeconds(40)).text().contains(" locked true "),
                    "the agent runs in " + jvm.describe());
        }

        for (RunningJvm jvm : jvms) {
            jvm.send("go");
        }
        for (RunningJvm jvm : jvms) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm::describe);
            assertTrue(jvm.printed("done " + jvm.name()), jvm::describe);
        }

        assertEquals(Integer.toString(JVMS * CALLS), Files.readString(counter, StandardCharsets.UTF_8).trim(),
                "every increment counted: no two bodies overlapped");
        List<String> lines = Files.readAllLines(fences, StandardCharsets.UTF_8);
        assertEquals(JVMS * CALLS, lines.size(), "one fence line per call");
        Map<String, Integer> callsPerJvm = new TreeMap<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).split(" ");
            long fence = Long.parseLong(words[0]);
            assertTrue(fence > previous, "fences rise strictly in the order the bodies ran; line " + (i + 1) + " of:\n"
                    + String.join("\n", lines));
            assertEquals(Integer.toString(i + 1), words[2], "line " + (i + 1) + " records count " + (i + 1));
            previous = fence;
            callsPerJvm.merge(words[1], 1, Integer::sum);
        }
        assertEquals(Map.of("jvm0", CALLS, "jvm1", CALLS, "jvm2", CALLS), callsPerJvm);
        System.out.println("[MutualExclusionAcrossJvmsIT] turns taken (a change of JVM between consecutive calls): "
                + turns(lines));
    }

    private static int turns(List<String> lines) {
        int turns = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).split(" ")[1].equals(lines.get(i - 1).split(" ")[1])) {
                turns++;
            }
        }
        return turns;
    }
}
