package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.agent.fixtures.ReturnKinds;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code onLocked}: with the key held by another owner, FAIL throws {@link LockNotAcquiredException}
 * naming the key, the holder and its expiry, and SKIP returns the return type's empty value; in
 * both cases the body does not run. With the key free, every kind returns the body's value.
 */
@ExtendWith(ItEnvironment.class)
class OnLockedIT {
    private static final String OTHER = "other-node";

    private record Kind(String name, Function<ReturnKinds, Function<String, Object>> call, Object bodyValue) {
    }

    private static Stream<Kind> failKinds() {
        return Stream.of(
                new Kind("object", s -> s::failObject, "body"),
                new Kind("String", s -> s::failString, "body"),
                new Kind("boolean", s -> s::failBoolean, true),
                new Kind("byte", s -> s::failByte, (byte) 7),
                new Kind("short", s -> s::failShort, (short) 7),
                new Kind("char", s -> s::failChar, 'x'),
                new Kind("int", s -> s::failInt, 7),
                new Kind("long", s -> s::failLong, 7L << 40),
                new Kind("float", s -> s::failFloat, 7.5f),
                new Kind("double", s -> s::failDouble, 7.25),
                new Kind("Optional", s -> s::failOptional, Optional.of("body")),
                new Kind("CompletableFuture", s -> k -> s.failFuture(k).join(), "body"),
                new Kind("void", s -> k -> {
                    s.failVoid(k);
                    return "void";
                }, "void"));
    }

    @TestFactory
    Stream<DynamicTest> failThrowsLockNotAcquiredNamingHolderAndExpiryForEveryReturnKind(Env env) {
        return failKinds().map(kind -> DynamicTest.dynamicTest(kind.name(), () -> {
            ReturnKinds service = new ReturnKinds();
            String key = ItEnvironment.uniqueKey("fail-" + kind.name());
            Instant expires = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
            env.holdAsOther(key, OTHER, expires, 10);
            LockNotAcquiredException e = assertThrows(LockNotAcquiredException.class,
                    () -> kind.call().apply(service).apply(key));
            assertEquals(key, e.key());
            assertEquals(Optional.of(OTHER), e.holder());
            assertEquals(Optional.of(expires), e.holderLeaseExpiry());
            assertEquals(0, service.bodies.get(), "the body must not run");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyReturnKindReturnsTheBodysValueWhenTheKeyIsFree(Env env) {
        return failKinds().map(kind -> DynamicTest.dynamicTest(kind.name(), () -> {
            ReturnKinds service = new ReturnKinds();
            String key = ItEnvironment.uniqueKey("free-" + kind.name());
            assertEquals(kind.bodyValue(), kind.call().apply(service).apply(key));
            assertEquals(1, service.bodies.get());
            assertTrue(!env.item(key).containsKey("owner"), "released after the call");
        }));
    }

    private record Skip(String name, Function<ReturnKinds, Function<String, Object>> call, Object expected) {
    }

    @TestFactory
    Stream<DynamicTest> skipReturnsTheEmptyValueOfEveryReturnKindWithoutRunningTheBody(Env env) {
        return Stream.of(
                new Skip("object", s -> s::skipObject, null),
                new Skip("String", s -> s::skipString, null),
                new Skip("boolean", s -> s::skipBoolean, false),
                new Skip("byte", s -> s::skipByte, (byte) 0),
                new Skip("short", s -> s::skipShort, (short) 0),
                new Skip("char", s -> s::skipChar, '\0'),
                new Skip("int", s -> s::skipInt, 0),
                new Skip("long", s -> s::skipLong, 0L),
                new Skip("float", s -> s::skipFloat, 0f),
                new Skip("double", s -> s::skipDouble, 0d),
                new Skip("Optional", s -> s::skipOptional, Optional.empty()),
                new Skip("OptionalInt", s -> s::skipOptionalInt, OptionalInt.empty()),
                new Skip("OptionalLong", s -> s::skipOptionalLong, OptionalLong.empty()),
                new Skip("OptionalDouble", s -> s::skipOptionalDouble, OptionalDouble.empty()),
                new Skip("CompletableFuture", s -> k -> completedValue(s.skipFuture(k)), "completed:null"),
                new Skip("CompletionStage", s -> k -> completedValue(s.skipStage(k)), "completed:null"),
                new Skip("Future", s -> k -> completedValue(s.skipPlainFuture(k)), "completed:null"),
                new Skip("void", s -> k -> {
                    s.skipVoid(k);
                    return "returned";
                }, "returned"))
                .map(kind -> DynamicTest.dynamicTest(kind.name(), () -> {
                    ReturnKinds service = new ReturnKinds();
                    String key = ItEnvironment.uniqueKey("skip-" + kind.name());
                    env.holdAsOther(key, OTHER, Instant.now().plusSeconds(120), 10);
                    assertEquals(kind.expected(), kind.call().apply(service).apply(key));
                    assertEquals(0, service.bodies.get(), "a skipped body must not run");
                    assertEquals(OTHER, env.item(key).get("owner").s(), "the other owner keeps the key");
                }));
    }

    @TestFactory
    Stream<DynamicTest> skipRunsTheBodyWhenTheKeyIsFree(Env env) {
        return Stream.<Skip>of(
                new Skip("int", s -> s::skipInt, 7),
                new Skip("Optional", s -> s::skipOptional, Optional.of("body")),
                new Skip("CompletionStage", s -> k -> completedValue(s.skipStage(k)), "completed:body"))
                .map(kind -> DynamicTest.dynamicTest(kind.name(), () -> {
                    ReturnKinds service = new ReturnKinds();
                    String key = ItEnvironment.uniqueKey("skip-free-" + kind.name());
                    assertEquals(kind.expected(), kind.call().apply(service).apply(key));
                    assertEquals(1, service.bodies.get());
                    assertNull(env.item(key).get("owner"));
                }));
    }

    private static String completedValue(Object future) {
        CompletableFuture<?> f = future instanceof CompletionStage<?> stage ? stage.toCompletableFuture()
                : (CompletableFuture<?>) (Future<?>) future;
        assertTrue(f.isDone(), "an already completed future");
        return "completed:" + f.join();
    }
}
