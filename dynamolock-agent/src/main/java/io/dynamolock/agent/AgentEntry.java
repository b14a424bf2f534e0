package io.dynamolock.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The agent's entry point ({@code Premain-Class} and {@code Agent-Class}).
 *
 * <p>Kept tiny and free of dependencies, since the application's loader defines it: it puts the
 * agent jar on the bootstrap class path (for the bridge that woven code calls), creates the
 * {@link AgentClassLoader} that serves everything else from the jar's {@code inst/} folder, and
 * hands over to {@code io.dynamolock.agent.internal.AgentBoot} inside that loader. It never
 * throws into the JVM: a failure is reported on standard error and through {@link System.Logger},
 * and the application runs on (its {@code @DynamoLocked} methods are then not woven).
 */
public final class AgentEntry {

    private static final String BOOT_CLASS = "io.dynamolock.agent.internal.AgentBoot";

    private AgentEntry() {
    }

    /**
     * Called by the JVM before {@code main} for {@code -javaagent:dynamolock-agent.jar[=args]}.
     *
     * @param arguments the agent arguments, such as {@code table=locks,lease=20s}; may be null
     * @param inst      the JVM's instrumentation
     */
    public static void premain(String arguments, Instrumentation inst) {
        start(arguments, inst);
    }

    /**
     * Called when the agent is attached to a running JVM. Only classes loaded after the attach are
     * woven: the agent never redefines loaded classes.
     *
     * @param arguments the agent arguments; may be null
     * @param inst      the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation inst) {
        start(arguments, inst);
    }

    private static void start(String arguments, Instrumentation inst) {
        try {
            File jar = ownJar();
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            AgentClassLoader loader = new AgentClassLoader(new JarFile(jar), jar.toURI().toURL(),
                    ClassLoader.getPlatformClassLoader());
            Class.forName(BOOT_CLASS, true, loader)
                    .getMethod("start", String.class, Instrumentation.class)
                    .invoke(null, arguments, inst);
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            String message = "dynamolock: the agent could not start, so @DynamoLocked methods are not locked: " + cause;
            System.err.println(message);
            try {
                System.getLogger("io.dynamolock.agent").log(System.Logger.Level.ERROR, message, cause);
            } catch (Throwable ignored) {
                // standard error has it already
            }
        }
    }

    private static File ownJar() throws Exception {
        CodeSource source = AgentEntry.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        File file = location == null ? null : new File(location.toURI());
        if (file == null || !file.isFile()) {
            throw new IllegalStateException("the agent's entry class was not loaded from the agent jar (but from "
                    + location + "): put only dynamolock-agent.jar itself after -javaagent:, and keep the"
                    + " dynamolock-agent module's classes off the application's class path");
        }
        return file;
    }
}
