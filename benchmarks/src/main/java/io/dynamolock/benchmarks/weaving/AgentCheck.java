package io.dynamolock.benchmarks.weaving;

/**
 * A hello world for a weaver: calls a {@code @DynamoLocked} method once and prints
 * {@code WOVEN true} when it ran under a lock, {@code WOVEN false} otherwise.
 */
public final class AgentCheck {
    private AgentCheck() {
    }

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("WOVEN " + new LockedService().probe("hello"));
    }
}
