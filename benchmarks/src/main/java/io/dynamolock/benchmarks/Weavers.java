package io.dynamolock.benchmarks;

import io.dynamolock.benchmarks.weaving.AgentCheck;
import io.dynamolock.testing.DynamoDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** JVM options that put a weaver into a forked JVM, and the check that it weaves. */
final class Weavers {
    private Weavers() {
    }

    /** @return the aspectjweaver jar on this suite's class path */
    static Path aspectjWeaverJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("aspectjweaver")) {
                return Path.of(entry).toAbsolutePath();
            }
        }
        throw new IllegalStateException("aspectjweaver is not on the class path");
    }

    /**
     * @param artifact an artifact id, such as {@code jmh-core}
     * @return its version, from its jar's name on this suite's class path
     */
    static String versionOf(String artifact) {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith(artifact + "-") && name.endsWith(".jar")) {
                return name.substring(artifact.length() + 1, name.length() - 4);
            }
        }
        return "?";
    }

    /** @return the jar of the dynamolock-api that this suite runs with */
    static Path apiJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("dynamolock-api")) {
                return Path.of(entry).toAbsolutePath();
            }
        }
        throw new IllegalStateException("dynamolock-api is not on the class path");
    }

    /**
     * @param agentJar the agent
     * @param server   the server its manager talks to
     * @return JVM options running the agent against {@code server}, configured as a user would
     */
    static List<String> agent(Path agentJar, DynamoDbServer server) {
        return List.of("-javaagent:" + agentJar, "-Ddynamolock.endpoint=" + server.endpoint(),
                "-Ddynamolock.region=" + server.region().id(), "-Daws.accessKeyId=test",
                "-Daws.secretAccessKey=test");
    }

    /** @return JVM options running AspectJ's load-time weaver (with the suite's META-INF/aop.xml) */
    static List<String> aspectj() {
        // On JDK 16+ the weaver defines its generated closure classes reflectively.
        return List.of("-javaagent:" + aspectjWeaverJar(), "--add-opens=java.base/java.lang=ALL-UNNAMED");
    }

    /**
     * @param agentJar the agent jar
     * @param server   a running server
     * @return null when the agent weaves a {@code @DynamoLocked} method here; otherwise why not
     */
    static String checkAgent(Path agentJar, DynamoDbServer server) {
        if (!Files.isRegularFile(agentJar)) {
            return "the agent jar " + agentJar + " does not exist (build dynamolock-agent)";
        }
        List<String> options = new ArrayList<>(agent(agentJar, server));
        try (Jvm jvm = Jvm.start(options, AgentCheck.class, List.of())) {
            String line = jvm.awaitLine("WOVEN", 2, TimeUnit.MINUTES);
            jvm.awaitExit(1, TimeUnit.MINUTES);
            return line.equals("WOVEN true") ? null : "a @DynamoLocked method did not run under a lock with the agent";
        } catch (Exception e) {
            return "the agent's hello world failed: " + e.getMessage();
        }
    }
}
