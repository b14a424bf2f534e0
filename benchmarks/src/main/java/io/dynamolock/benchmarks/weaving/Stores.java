package io.dynamolock.benchmarks.weaving;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.InMemoryLockManager;

/**
 * The lock store of the hand-written calls and of the AspectJ aspect in a benchmark JVM, chosen
 * by {@value #STORE_PROPERTY}: {@code memory} (default), or {@code dynamodb}, a
 * {@link DynamoDbLockManager} configured from the {@code dynamolock.*} system properties exactly
 * as the agent configures its own.
 */
public final class Stores {
    /** The system property that chooses the store. */
    public static final String STORE_PROPERTY = "dynamolock.bench.store";

    private static volatile DistributedLockManager shared;

    private Stores() {
    }

    /** @return the store of this JVM, started on first use */
    public static DistributedLockManager shared() {
        DistributedLockManager s = shared;
        if (s == null) {
            synchronized (Stores.class) {
                s = shared;
                if (s == null) {
                    s = create();
                    s.start();
                    shared = s;
                }
            }
        }
        return s;
    }

    private static DistributedLockManager create() {
        String store = System.getProperty(STORE_PROPERTY, "memory");
        return switch (store) {
            case "memory" -> new InMemoryLockManager("benchmark");
            case "dynamodb" -> DynamoDbLockManager.builder().build();
            default -> throw new IllegalArgumentException(STORE_PROPERTY + "=" + store
                    + ": expected memory or dynamodb");
        };
    }
}
