package io.dynamolock.benchmarks.weaving;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.Lock;
import io.dynamolock.LockNotAcquiredException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Part 5's JMH benchmark. The same body three ways: {@link #direct()} without any lock,
 * {@link #handWritten()} taking and releasing the lock by hand, and {@link #annotated()} through
 * the {@code @DynamoLocked} method, which the fork's weaver (the agent or AspectJ, chosen by the
 * suite through JVM options) turns into the same thing.
 *
 * <p>{@value #WEAVER_PROPERTY} names the fork's weaver: {@code agent}, {@code aspectj} or
 * {@code none}. With the agent, the hand-written call uses the agent's own manager
 * ({@code DynamoLock.manager()}), so both calls reach the same store; otherwise both use
 * {@link Stores#shared()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WovenCallBenchmark {
    /** The system property naming the fork's weaver. */
    public static final String WEAVER_PROPERTY = "dynamolock.bench.weaver";

    private final LockedService service = new LockedService();
    private DistributedLockManager manager;
    /** Not a constant, so that the key is built on every call as in the woven code. */
    private String id = "42";

    /** Resolves the manager and fails the run when the fork's weaver did not weave. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String weaver = System.getProperty(WEAVER_PROPERTY, "none");
        manager = weaver.equals("agent")
                ? (DistributedLockManager) Class.forName("io.dynamolock.DynamoLock").getMethod("manager").invoke(null)
                : Stores.shared();
        boolean woven = service.probe(id);
        if (woven != !weaver.equals("none")) {
            throw new IllegalStateException("weaver " + weaver + ": @DynamoLocked method "
                    + (woven ? "was woven" : "was not woven") + "; expected the opposite");
        }
    }

    /** @return the body alone, without a lock: the reference */
    @Benchmark
    public int direct() {
        return service.work(id);
    }

    /** @return the body under a lock taken and released by hand */
    @Benchmark
    public int handWritten() {
        String key = "k-" + id;
        Optional<Lock> lock = manager.tryAcquire(key, Duration.ZERO);
        if (lock.isEmpty()) {
            throw new LockNotAcquiredException(key, null, null);
        }
        try (Lock held = lock.get()) {
            return service.work(id);
        }
    }

    /** @return the body through the woven {@code @DynamoLocked} method */
    @Benchmark
    public int annotated() {
        return service.locked(id);
    }
}
