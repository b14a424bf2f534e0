package io.dynamolock;

import io.dynamolock.woven.Facade;
import java.util.Optional;

/**
 * Access to the locks of the DynamoLock agent from application code.
 *
 * <pre>{@code
 * @DynamoLocked("invoice-$<arg0>")
 * void settle(String invoiceId) {
 *     long fence = DynamoLock.current().orElseThrow().fence();
 *     ledger.write(invoiceId, fence);     // the ledger refuses writes with an older fence
 * }
 * }</pre>
 */
public final class DynamoLock {

    private DynamoLock() {
    }

    /**
     * The lock manager that the agent started, for locks the application takes itself. Locks
     * taken through it are held by this node, like those of annotated methods: a key held either
     * way is busy for the other. Its {@link DistributedLockManager#close() close()} does nothing:
     * the agent closes its manager, releasing every held lock, when the JVM shuts down.
     *
     * @return the agent's manager
     * @throws IllegalStateException when the JVM does not run the agent
     *     ({@code -javaagent:/path/to/dynamolock-agent.jar})
     */
    public static DistributedLockManager manager() {
        return Facade.manager();
    }

    /**
     * The innermost lock that the calling thread holds through a {@code @DynamoLocked} method,
     * so that the body can read its key and fencing token. Its {@link Lock#close() close()} does
     * nothing: the annotated method releases it when it returns.
     *
     * @return that lock; empty outside an annotated method, and when the agent is not running
     */
    public static Optional<Lock> current() {
        return Facade.current();
    }
}
