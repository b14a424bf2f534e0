package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of method body can be locked: static, private, final, synchronized, interface
 * default, static and private methods, generic methods and classes (and their bridge methods),
 * varargs, and methods with wide (long, double) parameters before the key's argument.
 */
@ExtendWith(ItEnvironment.class)
class MethodShapesIT {

    private static String heldKey() {
        return DynamoLock.current().orElseThrow(() -> new AssertionError("not locked")).key();
    }

    /** Methods of every modifier. */
    static class Shapes {
        @DynamoLocked("$<arg0>")
        static String staticMethod(String key) {
            return heldKey();
        }

        @DynamoLocked("$<arg0>")
        private String privateMethod(String key) {
            return heldKey();
        }

        String callsPrivate(String key) {
            return privateMethod(key);
        }

        @DynamoLocked("$<arg0>")
        final String finalMethod(String key) {
            return heldKey();
        }

        @DynamoLocked("$<arg0>")
        synchronized String synchronizedMethod(String key) {
            assertTrue(Thread.holdsLock(this));
            return heldKey();
        }

        @DynamoLocked("$<arg0>")
        <T extends CharSequence> T genericMethod(String key, T value) {
            assertEquals(key, heldKey());
            return value;
        }

        @DynamoLocked("$<arg0>-$<arg1>")
        String varargs(String key, int count, String... parts) {
            assertEquals(count, parts.length);
            return heldKey();
        }

        @DynamoLocked("$<arg4>")
        String wideParameters(long a, double b, int c, long d, String key, double e) {
            return heldKey() + ":" + (a + b + c + d + e);
        }
    }

    /** Interface methods with bodies. */
    interface Greeter {
        @DynamoLocked("$<arg0>")
        default String defaultMethod(String key) {
            return heldKey();
        }

        @DynamoLocked("$<arg0>")
        static String staticInterfaceMethod(String key) {
            return heldKey();
        }

        @DynamoLocked("$<arg0>")
        private String privateInterfaceMethod(String key) {
            return heldKey();
        }

        default String callsPrivateInterfaceMethod(String key) {
            return privateInterfaceMethod(key);
        }
    }

    /** A generic interface whose implementation gets a bridge method (with the annotation copied by javac). */
    interface Handler<T> {
        String handle(T item);
    }

    /** The implementation: {@code handle(String)} is woven, its bridge {@code handle(Object)} is not. */
    static class KeyHandler implements Handler<String> {
        @Override
        @DynamoLocked("$<arg0>")
        public String handle(String key) {
            return heldKey();
        }
    }

    /** A generic class. */
    static class Box<T> {
        @DynamoLocked("$<arg0>")
        T put(String key, T value) {
            assertEquals(key, heldKey());
            return value;
        }
    }

    private static void lockedOnce(Env env, String key, Function<String, String> call) {
        assertEquals(key, call.apply(key));
        assertEquals(2, env.proxy().count("UpdateItem", key), "one acquire and one release");
        assertTrue(DynamoLock.current().isEmpty());
    }

    @Test
    void staticMethodsAreLocked(Env env) {
        lockedOnce(env, ItEnvironment.uniqueKey("static"), Shapes::staticMethod);
    }

    @Test
    void privateMethodsAreLocked(Env env) {
        lockedOnce(env, ItEnvironment.uniqueKey("private"), new Shapes()::callsPrivate);
    }

    @Test
    void finalMethodsAreLocked(Env env) {
        lockedOnce(env, ItEnvironment.uniqueKey("final"), new Shapes()::finalMethod);
    }

    @Test
    void synchronizedMethodsAreLockedInsideTheirMonitor(Env env) {
        lockedOnce(env, ItEnvironment.uniqueKey("synchronized"), new Shapes()::synchronizedMethod);
    }

    @Test
    void genericMethodsAreLocked(Env env) {
        String key = ItEnvironment.uniqueKey("generic");
        StringBuilder value = new StringBuilder("v");
        assertTrue(value == new Shapes().genericMethod(key, value));
        assertEquals(2, env.proxy().count("UpdateItem", key));
    }

    @Test
    void varargsMethodsAreLocked(Env env) {
        String key = ItEnvironment.uniqueKey("varargs");
        assertEquals(key + "-3", new Shapes().varargs(key, 3, "a", "b", "c"));
        assertEquals(2, env.proxy().count("UpdateItem", key + "-3"));
    }

    @Test
    void argumentsAfterLongAndDoubleParametersAreFound(Env env) {
        String key = ItEnvironment.uniqueKey("wide");
        assertEquals(key + ":" + (1L + 2.5 + 3 + 4L + 0.5), new Shapes().wideParameters(1L, 2.5, 3, 4L, key, 0.5));
    }

    @Test
    void defaultStaticAndPrivateInterfaceMethodsAreLocked(Env env) {
        Greeter greeter = new Greeter() { };
        lockedOnce(env, ItEnvironment.uniqueKey("default"), greeter::defaultMethod);
        lockedOnce(env, ItEnvironment.uniqueKey("interface-static"), Greeter::staticInterfaceMethod);
        lockedOnce(env, ItEnvironment.uniqueKey("interface-private"), greeter::callsPrivateInterfaceMethod);
    }

    @Test
    void aCallThroughABridgeMethodIsLockedOnce(Env env) {
        Handler<String> handler = new KeyHandler();
        lockedOnce(env, ItEnvironment.uniqueKey("bridge"), handler::handle);
    }

    @Test
    void methodsOfGenericClassesAreLocked(Env env) {
        String key = ItEnvironment.uniqueKey("box");
        assertEquals(List.of(1), new Box<List<Integer>>().put(key, List.of(1)));
        assertEquals(2, env.proxy().count("UpdateItem", key));
    }
}
