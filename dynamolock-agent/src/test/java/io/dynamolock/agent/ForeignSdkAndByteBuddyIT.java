package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.apps.ForeignSdkApp;
import io.dynamolock.agent.apps.LockClientApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ChildProcesses;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import io.dynamolock.agent.support.RunningJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * An application whose class path carries its own AWS SDK v2 and Byte Buddy, both other versions
 * than the agent's, runs with the agent: it uses both (a DynamoDB client of its SDK lists the
 * tables of the test server; its Byte Buddy makes a class), its annotated method runs under the
 * lock, and a caller in another JVM is refused the key meanwhile. The build copies the SDK
 * ({@code it.foreign.awssdk.version}) and Byte Buddy ({@code it.foreign.bytebuddy.version}) to
 * {@code target/it-libs}.
 */
@ExtendWith(ItEnvironment.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForeignSdkAndByteBuddyIT {

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private final String table = "foreign-sdk-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anApplicationWithItsOwnSdkAndByteBuddyUsesBothAndItsMethodIsLocked(Env env) throws Exception {
        String appSdk = System.getProperty("dynamolock.it.foreignSdkVersion");
        assertNotNull(appSdk, "dynamolock.it.foreignSdkVersion is set by the build");
        // The test's class path has the project's SDK, the one packed into the agent.
        String agentSdk = VersionInfo.SDK_VERSION;
        assertNotEquals(agentSdk, appSdk, "the application's SDK must differ from the agent's");
        Path sdkJars = ChildJvm.libs().resolve("foreign-aws-sdk");
        Path byteBuddy = ChildJvm.libs().resolve("foreign-byte-buddy.jar");
        ChildJvm appJvm = new ChildJvm().classPath(byteBuddy).withAgent(null).against(env, table)
                .option("-Dnet.bytebuddy.experimental=true");
        List<Path> jars;
        try (Stream<Path> files = Files.list(sdkJars)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        assertTrue(jars.size() > 10, "the application's SDK jars: " + jars);
        jars.forEach(appJvm::classPath);
        String key = ItEnvironment.uniqueKey("foreign-sdk");

        RunningJvm app = children.start(appJvm, "app", ForeignSdkApp.class, env.endpoint().toString(), key, table);
        RunningJvm other = children.start(new ChildJvm().withAgent(null).against(env, table), "other",
                LockClientApp.class);

        long fence = app.await("holding " + key, Duration.ofSeconds(40)).number("fence");
        String out = app.out();
        assertTrue(out.contains("sdk " + appSdk + " from file:" + sdkJars.resolve("sdk-core-" + appSdk + ".jar")),
                "the application loaded its own SDK (" + appSdk + ", not the agent's " + agentSdk + "): " + out);
        assertTrue(out.contains("dynamodb client from file:" + sdkJars.resolve("dynamodb-" + appSdk + ".jar")), out);
        assertTrue(out.contains("made by the app's Byte Buddy"), out);
        assertTrue(out.contains("byte buddy from file:" + byteBuddy), out);
        assertTrue(out.contains("the app's sdk lists the lock table true"),
                "the application's own client talks to the server, where the agent made its table: " + out);
        assertTrue(fence > 0, "DynamoLock.current() has the lock inside the method: " + out);

        other.await("ready", Duration.ofSeconds(40));
        other.send("try " + key);
        assertTrue(other.await("refused " + key, Duration.ofSeconds(20)).text().contains(" holder "),
                "another JVM is refused the key the application holds: " + other.describe());

        app.send("release");
        app.await("released " + key, Duration.ofSeconds(20));
        assertEquals(0, app.awaitExit(Duration.ofSeconds(20)), app::describe);
        other.send("try " + key);
        assertTrue(other.await("acquired " + key, Duration.ofSeconds(20)).number("fence") > fence,
                "and gets it once the application released it: " + other.describe());
        other.send("exit");
        assertEquals(0, other.awaitExit(Duration.ofSeconds(20)), other::describe);
    }
}
