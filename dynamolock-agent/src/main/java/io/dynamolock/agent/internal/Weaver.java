package io.dynamolock.agent.internal;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves the classes that passed the pre-check: Byte Buddy decorates the class (advice only
 * visits method bodies, so the class is not modelled for redefinition) and describes every type
 * from class files, never by loading the application's classes. Byte Buddy's {@code AgentBuilder}
 * is not used: the pre-check already does its matching, and it loaded about 350 more classes at
 * start-up, among them a transformer class it generates at run time. Fails closed: when a class
 * cannot be woven, it is woven again with every {@code @DynamoLocked} method refusing to run; when
 * even that fails, the class is not defined at all.
 */
final class Weaver implements ClassFileTransformer {
    /** Read by Byte Buddy's Nexus when its classes initialise; we never change class formats, so it is not needed. */
    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    private final ByteBuddy byteBuddy;
    private final MethodWeaver weaving;
    private final MethodWeaver refusing;
    private final Report report;

    private Weaver(ByteBuddy byteBuddy, MethodWeaver weaving, MethodWeaver refusing, Report report) {
        this.byteBuddy = byteBuddy;
        this.weaving = weaving;
        this.refusing = refusing;
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
            // No helper members may be added: advice that would need one fails, and the class is woven to refuse.
            return new Weaver(new ByteBuddy().with(TypeValidation.DISABLED)
                    .with(Implementation.Context.Disabled.Factory.INSTANCE),
                    new MethodWeaver(sites, report, advice, false),
                    new MethodWeaver(sites, report, advice, true), report);
        } finally {
            if (previous == null) {
                System.clearProperty(NEXUS_DISABLED);
            } else {
                System.setProperty(NEXUS_DISABLED, previous);
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        try {
            return weave(weaving, loader, className, classfileBuffer);
        } catch (RuntimeException | LinkageError e) {
            report.problem("could not weave " + className.replace('/', '.') + " (" + e + "); its @DynamoLocked"
                    + " methods will throw LockUnavailableException", e);
        }
        try {
            return weave(refusing, loader, className, classfileBuffer);
        } catch (RuntimeException | LinkageError again) {
            return refuseToDefine(report, className, again);
        }
    }

    /** @return the woven class file, or {@code null} when the class declares no annotated method after all */
    private byte[] weave(MethodWeaver methods, ClassLoader loader, String className, byte[] classFile) {
        String name = className.replace('/', '.');
        // The class itself from the bytes being defined; every other type from its loader's class files.
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(),
                locator, TypePool.Default.ReaderMode.EXTENDED);
        TypeDescription type = pool.describe(name).resolve();
        DynamicType.Builder<?> builder = methods.transform(byteBuddy.decorate(type, locator), type);
        return builder == null ? null : builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
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
}
