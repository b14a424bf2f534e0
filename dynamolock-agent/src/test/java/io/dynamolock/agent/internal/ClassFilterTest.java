package io.dynamolock.agent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DynamoLocked;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pre-check that keeps Byte Buddy away from classes without {@code @DynamoLocked}. */
class ClassFilterTest {

    /** Has an annotated method. */
    static class Annotated {
        @DynamoLocked("k")
        void locked() {
        }
    }

    /** Only names the annotation's class, as reflection code does. */
    static class Reflecting {
        boolean isLocked(java.lang.reflect.Method m) {
            return m.isAnnotationPresent(DynamoLocked.class);
        }
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private final ClassFilter filter = new ClassFilter();

    @Test
    void findsTheDescriptorInAClassWithAnAnnotatedMethod() throws IOException {
        assertTrue(filter.mentionsDynamoLocked(classFile(Annotated.class)));
    }

    @Test
    void passesOverClassesThatDoNotAnnotateAMethod() throws IOException {
        assertFalse(filter.mentionsDynamoLocked(classFile(Reflecting.class)));
        assertFalse(filter.mentionsDynamoLocked(classFile(String.class)));
        assertFalse(filter.mentionsDynamoLocked(new byte[0]));
    }

    @Test
    void findsTheDescriptorAtTheVeryStartAndEndOfTheBytes() {
        byte[] descriptor = ClassFilter.DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);
        assertTrue(filter.mentionsDynamoLocked(descriptor));
        byte[] truncated = new byte[descriptor.length - 1];
        System.arraycopy(descriptor, 0, truncated, 0, truncated.length);
        assertFalse(filter.mentionsDynamoLocked(truncated));
        assertArrayEquals(descriptor, ClassFilter.DESCRIPTOR.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ignoresJdkAgentAndProxyClassesByName() {
        for (String name : new String[] {null, "java/lang/String", "jdk/internal/X", "sun/misc/Unsafe",
                "net/bytebuddy/ByteBuddy", "io/dynamolock/bootstrap/Bridge", "io/dynamolock/agent/internal/AgentBoot",
                "com/sun/proxy/$Proxy12", "jdk/proxy1/$Proxy3", "com/acme/Billing$$SpringCGLIB$$0",
                "com/acme/Billing$$EnhancerBySpringCGLIB$$a1b2", "com/acme/Order$HibernateProxy$x1",
                "com/acme/Billing$$Lambda$17", "com/acme/Billing$MockitoMock$123"}) {
            assertTrue(ClassFilter.ignoresName(name), name);
        }
        for (String name : new String[] {"com/acme/Billing", "com/acme/ProxyFactory", "com/acme/Billing$Inner",
                "io/dynamolock/agent/OnLockedIT", "io/dynamolock/examples/Demo"}) {
            assertFalse(ClassFilter.ignoresName(name), name);
        }
    }
}
