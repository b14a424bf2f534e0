package io.dynamolock.agent.internal;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The transformer registered with the JVM. It sees every class as it loads, so it does as little
 * as possible: it skips the JDK's, the agent's own and proxy classes by name, scans the bytes of
 * the rest for {@code @DynamoLocked}'s descriptor, and hands only the hits to the weaver. The
 * weaver (and so Byte Buddy) is created on the first hit: an application whose classes never
 * mention the annotation never loads Byte Buddy at all.
 */
final class PrecheckTransformer implements ClassFileTransformer {
    private final ClassLoader ownLoader;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
    private final Report report;
    private final Supplier<ClassFileTransformer> weaverFactory;
    private final ClassFilter filter = new ClassFilter();
    private final ReentrantLock creating = new ReentrantLock();
    private volatile ClassFileTransformer weaver;

    /**
     * @param ownLoader     the agent's loader, whose classes are never woven
     * @param report        where failures go
     * @param weaverFactory creates the Byte Buddy weaver, once, on the first hit
     */
    PrecheckTransformer(ClassLoader ownLoader, Report report, Supplier<ClassFileTransformer> weaverFactory) {
        this.ownLoader = ownLoader;
        this.report = report;
        this.weaverFactory = weaverFactory;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // The bootstrap and platform loaders define only the JDK (and the bridge); the agent's
        // own loader defines Byte Buddy, whose loading re-enters here while the weaver is built.
        if (classBeingRedefined != null || loader == null || loader == ownLoader || loader == platformLoader
                || classfileBuffer == null || ClassFilter.ignoresName(className)
                || !filter.mentionsDynamoLocked(classfileBuffer)) {
            return null;
        }
        try {
            return weaver().transform(module, loader, className, null, protectionDomain, classfileBuffer);
        } catch (Throwable e) {
            return Weaver.refuseToDefine(report, className, e);
        }
    }

    private ClassFileTransformer weaver() {
        ClassFileTransformer w = weaver;
        if (w != null) {
            return w;
        }
        creating.lock();
        try {
            if (weaver == null) {
                weaver = weaverFactory.get();
            }
            return weaver;
        } finally {
            creating.unlock();
        }
    }
}
