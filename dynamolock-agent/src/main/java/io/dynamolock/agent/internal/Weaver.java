package io.dynamolock.agent.internal;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves the classes that passed the pre-check, with Byte Buddy's {@link AgentBuilder} in raw
 * form (the pre-check transformer is the one registered with the JVM). Fails closed: when Byte
 * Buddy cannot weave a class, it is woven again with every {@code @DynamoLocked} method refusing
 * to run; when even that fails, the class is not defined at all.
 */
final class Weaver implements ClassFileTransformer {
    /** Read by Byte Buddy's Nexus when its classes initialise; we never change class formats, so it is not needed. */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    private final ClassFileTransformer weaving;
    private final ClassFileTransformer refusing;
    private final FailureListener failures;
    private final Report report;

    private Weaver(ClassFileTransformer weaving, ClassFileTransformer refusing, FailureListener failures,
                   Report report) {
        this.weaving = weaving;
        this.refusing = refusing;
        this.failures = failures;
        this.report = report;
    }

    /**
     * Creates the weaver: this is where Byte Buddy is first loaded.
     *
     * @param sites     where woven methods are registered
     * @param report    where weaving problems go
     * @param ownLoader the agent's loader, which serves the advice classes' bytes
     * @return the weaver
     */
    static ClassFileTransformer create(Sites sites, Report report, ClassLoader ownLoader) {
        // Set only while our copy of Byte Buddy initialises: the application's own Byte Buddy, if
        // any, reads the same property and may need its Nexus.
        String previous = System.getProperty(NEXUS_DISABLED);
        System.setProperty(NEXUS_DISABLED, "true");
        try {
            AdviceSet advice = new AdviceSet(ClassFileLocator.ForClassLoader.of(ownLoader));
            FailureListener failures = new FailureListener();
            return new Weaver(
                    agentBuilder(new MethodWeaver(sites, report, advice, false), failures),
                    agentBuilder(new MethodWeaver(sites, report, advice, true), failures),
                    failures, report);
        } finally {
            if (previous == null) {
                System.clearProperty(NEXUS_DISABLED);
            } else {
                System.setProperty(NEXUS_DISABLED, previous);
            }
        }
    }

    private static ClassFileTransformer agentBuilder(MethodWeaver methods, FailureListener failures) {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                // Advice only visits method bodies: decorating skips modelling the class for redefinition.
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                // Reads parameter names (MethodParameters or debug information) for $<name> placeholders.
                .with(AgentBuilder.PoolStrategy.Default.EXTENDED)
                // Describes types from class files only: matching must not load the application's classes.
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(failures)
                // The pre-check already refused the JDK, the agent and proxies.
                .ignore(ElementMatchers.none())
                .type(ElementMatchers.declaresMethod(ElementMatchers.isAnnotatedWith(
                        ElementMatchers.named(MethodWeaver.DYNAMO_LOCKED))))
                .transform(methods)
                .makeRaw();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer)
            throws IllegalClassFormatException {
        failures.take();
        byte[] woven = weaving.transform(module, loader, className, classBeingRedefined, protectionDomain,
                classfileBuffer);
        Throwable failure = failures.take();
        if (failure == null) {
            return woven;
        }
        report.problem("could not weave " + className.replace('/', '.') + " (" + failure + "); its @DynamoLocked"
                + " methods will throw LockUnavailableException", failure);
        byte[] refused = refusing.transform(module, loader, className, classBeingRedefined, protectionDomain,
                classfileBuffer);
        Throwable again = failures.take();
        return again == null && refused != null ? refused : refuseToDefine(report, className, again);
    }

    /**
     * The last resort when a class with {@code @DynamoLocked} methods cannot be woven at all:
     * answer bytes the JVM rejects, so that the class fails to load rather than run unlocked.
     *
     * @param report    where the failure goes
     * @param className the class
     * @param failure   why, possibly {@code null}
     * @return an empty class file
     */
    static byte[] refuseToDefine(Report report, String className, Throwable failure) {
        report.problem("could not weave " + className.replace('/', '.') + " at all (" + failure + "); it is not"
                + " defined, so that its @DynamoLocked methods cannot run unlocked", failure);
        return new byte[0];
    }

    /** Remembers the failure of the transformation running on the current thread. */
    static final class FailureListener extends AgentBuilder.Listener.Adapter {
        private final ThreadLocal<Throwable> failure = new ThreadLocal<>();

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            failure.set(throwable);
        }

        /** @return the failure since the last call, or {@code null}; clears it */
        Throwable take() {
            Throwable t = failure.get();
            failure.remove();
            return t;
        }
    }
}
