package io.dynamolock.agent.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The cheap test every loaded class goes through before Byte Buddy sees it: a class can declare
 * a {@code @DynamoLocked} method only if its constant pool holds the annotation's descriptor,
 * and the bytes are searched for it directly (a few microseconds per class), with no parsing.
 * Names of JDK, agent, Byte Buddy and generated proxy classes are refused even earlier: proxies
 * may copy annotations from the classes they stand for, and must not lock a second time.
 */
final class ClassFilter {

    /** The descriptor of {@code io.dynamolock.DynamoLocked} as it appears in a class file (ASCII). */
    static final String DESCRIPTOR = "Lio/dynamolock/DynamoLocked;";

    private static final List<String> IGNORED_PREFIXES = List.of(
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/dynamolock/bootstrap/", "io/dynamolock/agent/internal/",
        "io/dynamolock/agent/AgentEntry", "io/dynamolock/agent/AgentClassLoader", "net/bytebuddy/");

    private static final List<String> PROXY_MARKERS = List.of(
        "$$Lambda", "$$EnhancerBy", "$$SpringCGLIB$$", "$$FastClassBy", "$HibernateProxy$", "$ByteBuddy$",
        "$MockitoMock$", "$$_javassist", "_$$_jvst", "$$_WeldClientProxy", "$$_WeldSubclass");

    private final byte[] pattern = DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);

    /**
     * @param internalName a class name as the JVM gives it to transformers ({@code a/b/C}), or {@code null}
     * @return whether a class of that name is never woven
     */
    static boolean ignoresName(String internalName) {
        if (internalName == null) {
            return true;
        }
        for (String prefix : IGNORED_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        int slash = internalName.lastIndexOf('/');
        if (internalName.startsWith("$Proxy", slash + 1)) {
            return true;
        }
        for (String marker : PROXY_MARKERS) {
            if (internalName.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param classFile a class file
     * @return whether it mentions {@code @DynamoLocked}'s descriptor anywhere
     */
    boolean mentionsDynamoLocked(byte[] classFile) {
        byte[] p = pattern;
        byte first = p[0];
        byte last = p[p.length - 1];
        int end = classFile.length - p.length;
        outer:
        for (int i = 0; i <= end; i++) {
            if (classFile[i] != first || classFile[i + p.length - 1] != last) {
                continue;
            }
            for (int j = 1; j < p.length - 1; j++) {
                if (classFile[i + j] != p[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
