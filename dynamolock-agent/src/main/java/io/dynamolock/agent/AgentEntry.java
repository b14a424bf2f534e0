package io.dynamolock.agent;

import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
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

    // A lock agent fails closed: when it cannot start, premain throws, and the JVM does not start
    // (an attach fails), rather than run @DynamoLocked methods without their locks.

    /**
     * Called when the agent is attached to a running JVM. Only classes loaded after the attach are
     * woven: the agent never redefines loaded classes. So it refuses to attach, saying why, when an
     * already loaded class declares a {@code @DynamoLocked} method.
     *
     * @param arguments the agent arguments; may be null
     * @param inst      the JVM's instrumentation
     */
    public static void agentmain(String arguments, Instrumentation inst) {
        List<String> loaded = lockedMethodsLoaded(inst);
        if (!loaded.isEmpty()) {
            throw refuse("refusing to attach: classes already loaded declare @DynamoLocked methods (" + String.join(
                    ", ", loaded) + "), and a loaded class cannot be woven any more; start the JVM with"
                    + " -javaagent:dynamolock-agent.jar instead", null);
        }
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
            throw refuse("the agent could not start (" + cause + "); refusing to let the JVM run @DynamoLocked"
                    + " methods without it", cause);
        }
    }

    /**
     * Finds {@code @DynamoLocked} methods in classes loaded before a dynamic attach, which the agent
     * cannot weave any more. Reflection, not bytes (the JVM keeps no class file of a loaded class for
     * an agent that cannot retransform); the annotation is matched by name, since each application
     * loader may have its own copy of the api. Here rather than in the isolated loader: nothing of the
     * agent is set up when the attach is refused.
     *
     * @return up to five {@code Class.method} names
     */
    private static List<String> lockedMethodsLoaded(Instrumentation inst) {
        List<String> found = new ArrayList<>();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (type.getClassLoader() == null || type.isArray() || type.isPrimitive()) {
                continue; // the JDK's own classes
            }
            try {
                for (Method method : type.getDeclaredMethods()) {
                    for (Annotation annotation : method.getDeclaredAnnotations()) {
                        if (annotation.annotationType().getName().equals("io.dynamolock.DynamoLocked")) {
                            found.add(type.getName() + "." + method.getName());
                            if (found.size() == 5) {
                                return found;
                            }
                        }
                    }
                }
            } catch (Throwable e) {
                // a class whose members cannot be resolved cannot have run either
            }
        }
        return found;
    }

    /** Says why the agent does not run, on standard error and to the agent's logger. @return the error to throw */
    private static IllegalStateException refuse(String why, Throwable cause) {
        String message = "dynamolock: " + why;
        System.err.println(message);
        try {
            System.getLogger("io.dynamolock.agent").log(System.Logger.Level.ERROR, message, cause);
        } catch (Throwable ignored) {
            // standard error has it already
        }
        return new IllegalStateException(message, cause);
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
