package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.apps.ChildFirstApp;
import io.dynamolock.agent.apps.LockClientApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ChildProcesses;
import io.dynamolock.agent.support.Compiler;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import io.dynamolock.agent.support.RunningJvm;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module loaded child-first, with its own copy of {@code dynamolock-api} next to the
 * application's (as in a servlet container): when its woven method finds the key busy, held by
 * another JVM or by another thread of the same JVM, the refusal is the module's own
 * {@code LockNotAcquiredException}, so the module's {@code catch} catches it.
 */
@ExtendWith(ItEnvironment.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChildFirstClassLoaderIT {

    /** The module, compiled against the api by the test. */
    private static final String JOB = """
            package cf;

            import io.dynamolock.DynamoLock;
            import io.dynamolock.DynamoLocked;
            import io.dynamolock.Lock;
            import io.dynamolock.LockNotAcquiredException;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public class Job {
                @DynamoLocked("cf-$<arg0>")
                public String once(String id) {
                    return "acquired fence " + DynamoLock.current().map(Lock::fence).orElse(-1L);
                }

                @DynamoLocked("cf-$<arg0>")
                public String hold(String id, CountDownLatch entered, CountDownLatch letGo) throws InterruptedException {
                    entered.countDown();
                    if (!letGo.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not let go");
                    }
                    return "held fence " + DynamoLock.current().map(Lock::fence).orElse(-1L);
                }

                public static Object attempt(String id) {
                    try {
                        return new Job().once(id);
                    } catch (LockNotAcquiredException e) {
                        return e;
                    }
                }
            }
            """;

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private final String table = "child-first-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aModuleWithItsOwnApiCopyCatchesTheRefusalOfItsWovenMethod(Env env, @TempDir Path dir) throws Exception {
        String heldElsewhere = ItEnvironment.uniqueKey("elsewhere");
        String free = ItEnvironment.uniqueKey("free");
        String local = ItEnvironment.uniqueKey("local");
        RunningJvm other = children.start(new ChildJvm().withAgent(null).against(env, table), "other",
                LockClientApp.class);
        try (URLClassLoader unused = Compiler.compile(dir.resolve("module"), "cf.Job", JOB)) {
            // Compiled only: the module's classes go to the child JVM.
        }
        Path apiCopy = copy(Compiler.apiLocation(), dir.resolve("module-lib"));
        other.await("ready", Duration.ofSeconds(40));
        other.send("hold cf-" + heldElsewhere);
        other.await("holding cf-" + heldElsewhere, Duration.ofSeconds(20));

        RunningJvm app = children.start(new ChildJvm().withAgent(null).against(env, table), "app",
                ChildFirstApp.class, dir.resolve("module/classes").toString(), apiCopy.toString(), heldElsewhere, free,
                local);
        assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app::describe);

        String out = app.out();
        assertTrue(out.contains("module's api copy is its own true"), out);
        assertTrue(app.await("free: acquired", Duration.ZERO).number("fence") > 0,
                "the module's method runs under the lock: " + out);
        assertTrue(out.contains("held by another jvm: caught io.dynamolock.LockNotAcquiredException loaded by the"
                + " module's loader: lock 'cf-" + heldElsewhere + "' is held by"), out);
        assertTrue(out.contains("held by another thread: caught io.dynamolock.LockNotAcquiredException loaded by the"
                + " module's loader: lock 'cf-" + local + "' is held by"), out);
        assertTrue(app.await("the other thread: held", Duration.ZERO).number("fence") > 0, out);
        other.send("release");
        other.await("released cf-" + heldElsewhere, Duration.ofSeconds(20));
    }

    /** Copies the api jar, or its classes folder, into {@code target}. */
    private static Path copy(Path api, Path target) throws IOException {
        Files.createDirectories(target);
        if (Files.isRegularFile(api)) {
            return Files.copy(api, target.resolve("dynamolock-api-copy.jar"));
        }
        Path classes = target.resolve("dynamolock-api-copy");
        try (Stream<Path> files = Files.walk(api)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = classes.resolve(api.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return classes;
    }
}
