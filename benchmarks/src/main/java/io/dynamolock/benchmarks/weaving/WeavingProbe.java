package io.dynamolock.benchmarks.weaving;

import java.lang.reflect.Method;
import java.util.Optional;

/** Tells whether the calling thread runs inside a woven {@code @DynamoLocked} method. */
public final class WeavingProbe {
    private WeavingProbe() {
    }

    /** @return whether the agent (through its facade) or the aspect reports a held lock */
    public static boolean underLock() {
        return DynamoLockedAspect.active() || agentLockPresent();
    }

    /**
     * The facade {@code io.dynamolock.DynamoLock} arrives with the agent's version of the api; it
     * is looked up by name so that this class also runs against an older api.
     */
    private static boolean agentLockPresent() {
        try {
            Method current = Class.forName("io.dynamolock.DynamoLock").getMethod("current");
            return ((Optional<?>) current.invoke(null)).isPresent();
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
