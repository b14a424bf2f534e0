package io.dynamolock.woven;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Method handles on the agent's bootstrap bridge ({@code io.dynamolock.bootstrap.Bridge}), found
 * once by name through the bootstrap loader. Every handle is {@code null} when no agent put the
 * bridge there; callers check {@link #PRESENT} first.
 */
final class BridgeAccess {

    /** The bridge's class name; the agent jar defines it on the bootstrap class path. */
    static final String BRIDGE = "io.dynamolock.bootstrap.Bridge";

    /** The message for every use of the agent when it is not there. */
    static final String NO_AGENT = "the DynamoLock agent is not running in this JVM: start it with"
            + " -javaagent:/path/to/dynamolock-agent.jar (or use dynamolock-runtime's DynamoDbLockManager directly)";

    /** Whether the bridge is there and usable; when not, {@link #PROBLEM} says why. */
    static final boolean PRESENT;
    /** Why the bridge cannot be used, or {@code null} when it can. */
    static final String PROBLEM;
    static final MethodHandle ENTER;
    static final MethodHandle EXIT;
    static final MethodHandle CURRENT;
    static final MethodHandle KEY;
    static final MethodHandle FENCE;
    static final MethodHandle IS_HELD;
    static final MethodHandle ACQUIRE;
    static final MethodHandle CLOSE;
    static final MethodHandle RELEASE;
    static final MethodHandle AWAIT_READY;

    static {
        Class<?> bridge = bridgeClass();
        MethodHandle[] handles = new MethodHandle[10];
        String problem = bridge == null ? NO_AGENT : null;
        if (bridge != null) {
            try {
                handles[0] = find(bridge, "enter", Object.class, int.class, String.class);
                handles[1] = find(bridge, "exit", Object.class, Object.class);
                handles[2] = find(bridge, "current", Object.class);
                handles[3] = find(bridge, "key", String.class, Object.class);
                handles[4] = find(bridge, "fence", long.class, Object.class);
                handles[5] = find(bridge, "isHeld", boolean.class, Object.class);
                handles[6] = find(bridge, "acquire", Object.class, String.class, long.class);
                handles[7] = find(bridge, "close", Object.class, Object.class);
                handles[8] = find(bridge, "release", Object.class, String.class);
                handles[9] = find(bridge, "awaitReady", Object.class);
            } catch (ReflectiveOperationException e) {
                // An agent of another version: every use says so rather than failing obscurely.
                problem = "the DynamoLock agent on the bootstrap class path does not match this dynamolock-api jar ("
                        + e.getMessage() + "); use the agent and api of the same version";
            }
        }
        PROBLEM = problem;
        PRESENT = problem == null;
        ENTER = handles[0];
        EXIT = handles[1];
        CURRENT = handles[2];
        KEY = handles[3];
        FENCE = handles[4];
        IS_HELD = handles[5];
        ACQUIRE = handles[6];
        CLOSE = handles[7];
        RELEASE = handles[8];
        AWAIT_READY = handles[9];
    }

    private BridgeAccess() {
    }

    /** Looks only in the bootstrap loader: a bridge class anywhere else is not the agent's. */
    private static Class<?> bridgeClass() {
        try {
            return Class.forName(BRIDGE, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static MethodHandle find(Class<?> bridge, String name, Class<?> returns, Class<?>... parameters)
            throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findStatic(bridge, name, MethodType.methodType(returns, parameters));
    }
}
