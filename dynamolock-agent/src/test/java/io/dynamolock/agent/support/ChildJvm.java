package io.dynamolock.agent.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class of the test sources in a fresh JVM, with or without the agent, and keeps its output. */
public final class ChildJvm {

    /** What a child JVM printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
    }

    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();

    /** A JVM whose class path holds the test classes and the api jar, like an application's. */
    public ChildJvm() {
        classPath.add(requiredProperty("dynamolock.it.testClasses"));
        classPath.add(Compiler.apiLocation().toString());
    }

    /** @return the agent jar the build made */
    public static Path agentJar() {
        return Path.of(requiredProperty("dynamolock.it.agentJar"));
    }

    /** @return the folder with extra jars for child applications */
    public static Path libs() {
        return Path.of(requiredProperty("dynamolock.it.libs"));
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run the agent's integration tests with Maven");
        }
        return value;
    }

    /** @param agentArguments text after {@code =}, or null @return this, running with the agent */
    public ChildJvm withAgent(String agentArguments) {
        jvmOptions.add("-javaagent:" + agentJar() + (agentArguments == null ? "" : "=" + agentArguments));
        return this;
    }

    /** @param option a JVM option @return this */
    public ChildJvm option(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** @param entry a class path entry to add after the test classes @return this */
    public ChildJvm classPath(Path entry) {
        classPath.add(entry.toString());
        return this;
    }

    /**
     * @param env     the test environment: the child talks straight to its server
     * @param table   the child's lock table
     * @return this, configured for the test server
     */
    public ChildJvm against(ItEnvironment.Env env, String table) {
        jvmOptions.add("-Ddynamolock.endpoint=" + env.endpoint());
        jvmOptions.add("-Ddynamolock.region=us-east-1");
        jvmOptions.add("-Ddynamolock.table=" + table);
        jvmOptions.add("-Daws.accessKeyId=test");
        jvmOptions.add("-Daws.secretAccessKey=test");
        return this;
    }

    /**
     * @param mainClass the class to run
     * @param args      its arguments
     * @return its exit code and output
     */
    public Result run(Class<?> mainClass, String... args) {
        try {
            Path dir = Files.createTempDirectory("child-jvm");
            File out = dir.resolve("out.txt").toFile();
            File err = dir.resolve("err.txt").toFile();
            List<String> command = command(mainClass, args);
            ProcessBuilder builder = builder(command).redirectOutput(out).redirectError(err);
            Process process = builder.start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("child JVM did not end within 90 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the JVM and returns at once, for tests that talk to it while it runs. Prefer
     * {@link ChildProcesses#start}, which also kills it when the test ends.
     *
     * @param name      a name for messages
     * @param mainClass the class to run
     * @param args      its arguments
     * @return the running JVM: its standard input and output are pipes to the test
     */
    public RunningJvm start(String name, Class<?> mainClass, String... args) {
        try {
            Path err = Files.createTempDirectory("child-jvm").resolve("err.txt");
            return new RunningJvm(name, builder(command(mainClass, args)).redirectError(err.toFile()), err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> command(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        // The child must not inherit the test JVM's agent settings through the environment.
        builder.environment().keySet().removeIf(name -> name.startsWith("DYNAMOLOCK_") || name.equals("JAVA_TOOL_OPTIONS"));
        return builder;
    }
}
