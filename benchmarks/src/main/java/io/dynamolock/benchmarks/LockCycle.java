package io.dynamolock.benchmarks;

/**
 * A contender in the lock-cycle comparisons: takes an uncontended key and releases it again.
 */
public interface LockCycle extends AutoCloseable {

    /** @return the name shown in the tables */
    String name();

    /** @return the counter of the requests this contender's client sends */
    RequestCounter counter();

    /**
     * Takes {@code key}, which nobody else holds, and releases it.
     *
     * @param key the key
     * @throws Exception when the lock was not taken or not released
     */
    void cycle(String key) throws Exception;

    @Override
    void close();
}
