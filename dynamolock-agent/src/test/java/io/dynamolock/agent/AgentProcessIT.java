package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.apps.ExitWhileLockedApp;
import io.dynamolock.agent.apps.ForeignByteBuddyApp;
import io.dynamolock.agent.apps.HelloApp;
import io.dynamolock.agent.apps.NoAgentApp;
import io.dynamolock.agent.apps.PlainApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The agent as an application meets it, each test in a fresh JVM: silent on standard output,
 * configuration errors reported at start-up and refusing calls, no SLF4J noise, an application's
 * own Byte Buddy unaffected, Byte Buddy not even loaded when nothing is annotated, and a clear
 * message from the facade when the agent is missing.
 */
@ExtendWith(ItEnvironment.class)
class AgentProcessIT {
    private final String table = "agent-process-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theAgentWritesNothingToStandardOutput(Env env) {
        ChildJvm.Result result = new ChildJvm().withAgent(null).against(env, table).run(HelloApp.class, "call");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("hello" + System.lineSeparator() + "locked greet-world" + System.lineSeparator(), result.out(),
                "stdout holds the application's lines only; stderr was: " + result.err());
        assertTrue(result.err().contains("dynamolock: cannot lock io.dynamolock.agent.apps.HelloApp$Greeter.broken"),
                "problems go to standard error: " + result.err());
    }

    @Test
    void theSdksLoggingPrintsNoSlf4jWarnings(Env env) {
        ChildJvm.Result result = new ChildJvm().withAgent(null).against(env, table).run(HelloApp.class, "call");

        assertEquals(0, result.exitCode(), result.err());
        assertFalse(result.err().contains("SLF4J"), result.err());
    }

    @Test
    void aConfigurationErrorIsReportedAtStartAndEveryCallRefuses(Env env) {
        ChildJvm.Result result = new ChildJvm().withAgent("lease=banana").against(env, table).run(HelloApp.class, "call");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("dynamolock: configuration error: invalid agent argument lease 'banana'"),
                result.err());
        assertTrue(result.out().contains("refused io.dynamolock.LockUnavailableException: DynamoLock configuration"
                + " error: invalid agent argument lease 'banana'"), result.out());
    }

    @Test
    void anApplicationWithItsOwnByteBuddyWorksUnchanged(Env env) {
        Path foreign = ChildJvm.libs().resolve("foreign-byte-buddy.jar");

        ChildJvm.Result result = new ChildJvm().classPath(foreign).withAgent(null).against(env, table)
                .option("-Dnet.bytebuddy.experimental=true").run(ForeignByteBuddyApp.class);

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("made by the app's Byte Buddy"), result.out());
        assertTrue(result.out().contains("byte buddy from file:" + foreign), result.out());
        assertTrue(result.out().contains("locked foreign-x"), result.out());
    }

    @Test
    void byteBuddyIsNotLoadedWhenNoClassIsAnnotated(Env env, @TempDir Path dir) throws Exception {
        Path plainLog = dir.resolve("plain.log");
        Path helloLog = dir.resolve("hello.log");

        ChildJvm.Result plain = new ChildJvm().withAgent(null).against(env, table)
                .option("-Xlog:class+load=info:file=" + plainLog).run(PlainApp.class);
        ChildJvm.Result hello = new ChildJvm().withAgent(null).against(env, table)
                .option("-Xlog:class+load=info:file=" + helloLog).run(HelloApp.class);

        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(0, hello.exitCode(), hello.err());
        assertFalse(Files.readString(plainLog).contains("net.bytebuddy."), "no Byte Buddy class without a hit");
        assertTrue(Files.readString(helloLog).contains("net.bytebuddy.ByteBuddy "),
                "Byte Buddy is loaded for the first annotated class");
    }

    @Test
    void theMemoryStoreLocksWithoutAServerAndNeverStartsTheSdk(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("memory.log");

        // No endpoint, region or credentials: the memory store must not need any.
        ChildJvm.Result result = new ChildJvm().withAgent("store=memory")
                .option("-Xlog:class+load=info:file=" + log).run(HelloApp.class, "call");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("locked greet-world"), result.out() + result.err());
        assertTrue(result.err().contains("dynamolock.store=memory: locks live in this JVM's memory"),
                "the store is announced, since it excludes no other JVM: " + result.err());
        String loaded = Files.readString(log);
        assertTrue(loaded.contains("io.dynamolock.runtime.InMemoryLockManager"), "the memory store ran");
        assertFalse(loaded.contains("software.amazon.awssdk."), "no AWS SDK class is loaded");
    }

    @Test
    void aLockedMethodThatCallsSystemExitHasItsLockReleasedByTheShutdownHook(Env env) {
        String id = UUID.randomUUID().toString();

        ChildJvm.Result result = new ChildJvm().withAgent(null).against(env, table).run(ExitWhileLockedApp.class, id);

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("holding exit-" + id + System.lineSeparator(), result.out());
        Map<String, AttributeValue> item = env.client().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS("exit-" + id)))).item();
        assertTrue(item.containsKey("fence"), "the lock was taken: " + item);
        assertFalse(item.containsKey("owner"), "and released at exit: " + item);
    }

    @Test
    void withoutTheAgentTheFacadeSaysHowToAddIt() {
        ChildJvm.Result result = new ChildJvm().run(NoAgentApp.class);

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("current Optional.empty"), result.out());
        assertTrue(result.out().contains("manager refused: DynamoLock.manager(): the DynamoLock agent is not running in"
                + " this JVM: start it with -javaagent:/path/to/dynamolock-agent.jar"), result.out());
    }

    @Test
    void anAgentThatCannotStartStopsTheJvmsStartInsteadOfLettingLockedMethodsRunUnlocked(Env env,
            @TempDir Path dir) throws Exception {
        // A damaged agent jar: its isolated loader lacks the class that sets the agent up.
        Path broken = dir.resolve("broken-agent.jar");
        try (JarFile source = new JarFile(ChildJvm.agentJar().toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(broken), source.getManifest())) {
            for (JarEntry entry : Collections.list(source.entries())) {
                if (entry.getName().equals("META-INF/MANIFEST.MF") || entry.getName().endsWith("AgentBoot.classdata")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (var in = source.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }

        ChildJvm.Result result = new ChildJvm().option("-javaagent:" + broken).against(env, table)
                .run(HelloApp.class, "call");

        assertTrue(result.exitCode() != 0, "the JVM ran without its agent: " + result.out());
        assertFalse(result.out().contains("hello"), result.out());
        assertTrue(result.err().contains("dynamolock: the agent could not start"), result.err());
    }
}
