package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DynamoLocked;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.agent.support.Compiler;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import io.dynamolock.agent.support.StandardError;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * An annotation that cannot be woven is reported when its class loads (standard error, naming
 * class, method and problem) and every call then throws {@link LockUnavailableException} with
 * that message: the method never runs unlocked.
 */
@ExtendWith(ItEnvironment.class)
class UnweavableIT {

    /** Annotations javac accepts (no processor) but the agent cannot weave. */
    static class Broken {
        final AtomicInteger bodies = new AtomicInteger();

        @DynamoLocked("bad-${arg0}")
        void badTemplate(String key) {
            bodies.incrementAndGet();
        }

        @DynamoLocked("$<arg0.nope>")
        void unknownAccessor(String key) {
            bodies.incrementAndGet();
        }

        @DynamoLocked("$<arg3>")
        void argumentOutOfRange(String key) {
            bodies.incrementAndGet();
        }

        @DynamoLocked("$<missing>")
        void unknownName(String key) {
            bodies.incrementAndGet();
        }

        @DynamoLocked(value = "$<arg0>", waitFor = "soon")
        void badWaitFor(String key) {
            bodies.incrementAndGet();
        }

        @DynamoLocked("$<arg0.value>")
        int stepOnAPrimitive(int key) {
            return bodies.incrementAndGet();
        }

        @DynamoLocked("batch-$<arg0>")
        int arrayKey(String[] ids) {
            return bodies.incrementAndGet();
        }

        @DynamoLocked("token-$<arg0>")
        int tokenKey(Token token) {
            return bodies.incrementAndGet();
        }
    }

    private final Broken broken = new Broken();

    private void refuses(Env env, Executable call, String method, String problem) {
        int before = env.proxy().total();
        LockUnavailableException e = assertThrows(LockUnavailableException.class, call);
        assertTrue(e.getMessage().contains("cannot lock io.dynamolock.agent.UnweavableIT$Broken." + method),
                e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(0, broken.bodies.get(), "the body must not run");
        assertEquals(before, env.proxy().total(), "no request");
    }

    @Test
    void aBadTemplateRefusesEveryCall(Env env) {
        refuses(env, () -> broken.badTemplate("k"), "badTemplate(java.lang.String)", "unknown placeholder \"${\"");
    }

    @Test
    void anUnresolvableAccessorRefusesEveryCall(Env env) {
        refuses(env, () -> broken.unknownAccessor("k"), "unknownAccessor(java.lang.String)",
                "java.lang.String has no accessor for 'nope'");
    }

    @Test
    void anArgumentOutOfRangeRefusesEveryCall(Env env) {
        refuses(env, () -> broken.argumentOutOfRange("k"), "argumentOutOfRange(java.lang.String)",
                "$<arg3> names argument 3, but the method has 1 parameter");
    }

    @Test
    void anUnknownParameterNameRefusesEveryCall(Env env) {
        refuses(env, () -> broken.unknownName("k"), "unknownName(java.lang.String)",
                "$<missing> names no parameter of the method (its parameters are key)");
    }

    @Test
    void anInvalidWaitForRefusesEveryCall(Env env) {
        refuses(env, () -> broken.badWaitFor("k"), "badWaitFor(java.lang.String)", "invalid waitFor: 'soon'");
    }

    @Test
    void anAccessorOnAPrimitiveRefusesEveryCall(Env env) {
        refuses(env, () -> broken.stepOnAPrimitive(1), "stepOnAPrimitive(int)", "primitives and arrays have no accessors");
    }

    /** A final class that keeps Object's toString(): every value renders as Token@hash. */
    static final class Token {
    }

    @Test
    void aFinalClassWithoutToStringRefusesEveryCall(Env env) {
        refuses(env, () -> broken.tokenKey(new Token()), "tokenKey(io.dynamolock.agent.UnweavableIT$Token)",
                "$<arg0> is a io.dynamolock.agent.UnweavableIT$Token (a final class without toString())");
    }

    @Test
    void anArrayPlaceholderRefusesEveryCallSinceArraysRenderByIdentity(Env env) {
        refuses(env, () -> broken.arrayKey(new String[] {"a"}), "arrayKey(java.lang.String[])",
                "$<arg0> is an array (java.lang.String[]), whose text is Object.toString()");
    }

    private static final String NAMED = """
            package gen;
            import io.dynamolock.DynamoLocked;
            public class Named {
                public int bodies;
                @DynamoLocked("named-$<invoiceId>")
                public String settle(String invoiceId) {
                    bodies++;
                    return io.dynamolock.DynamoLock.current().orElseThrow().key();
                }
            }
            """;

    private static Object call(ClassLoader loader, String argument) throws Throwable {
        Class<?> type = Class.forName("gen.Named", true, loader);
        Object instance = type.getConstructor().newInstance();
        Method settle = type.getMethod("settle", String.class);
        try {
            return settle.invoke(instance, argument);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aNamedPlaceholderInAClassWithoutParameterNamesIsReportedAtLoadAndRefusesCalls(@TempDir Path dir)
            throws Exception {
        try (URLClassLoader loader = Compiler.compile(dir, "gen.Named", NAMED, "-g:none")) {
            String reported = StandardError.capture(() -> Class.forName("gen.Named", true, loader));
            assertTrue(reported.contains("dynamolock: cannot lock gen.Named.settle(java.lang.String): $<invoiceId>"
                    + " names an argument by name, but the class was compiled without parameter names"), reported);

            Throwable e = assertThrows(Throwable.class, () -> call(loader, "42"));
            assertInstanceOf(LockUnavailableException.class, e);
            assertTrue(e.getMessage().contains("compile it with -parameters (or -g)"), e.getMessage());
        }
    }

    @Test
    void debugInformationAloneIsEnoughForNamedPlaceholders(@TempDir Path dir) throws Throwable {
        try (URLClassLoader loader = Compiler.compile(dir, "gen.Named", NAMED, "-g")) {
            assertEquals("named-42", call(loader, "42"));
        }
    }

    @Test
    void theMethodParametersAttributeIsEnoughForNamedPlaceholders(@TempDir Path dir) throws Throwable {
        try (URLClassLoader loader = Compiler.compile(dir, "gen.Named", NAMED, "-g:none", "-parameters")) {
            assertEquals("named-7", call(loader, "7"));
        }
    }

    @Test
    void anAnnotatedAbstractMethodIsReportedWhenItsClassLoads(@TempDir Path dir) throws Exception {
        String source = """
                package gen;
                public interface Contract {
                    @io.dynamolock.DynamoLocked("x-$<arg0>")
                    void run(String key);
                }
                """;
        try (URLClassLoader loader = Compiler.compile(dir, "gen.Contract", source)) {
            String reported = StandardError.capture(() -> Class.forName("gen.Contract", true, loader));
            assertTrue(reported.contains("dynamolock: cannot lock gen.Contract.run(java.lang.String): @DynamoLocked on"
                    + " an abstract method has no body to lock"), reported);
        }
    }
}
