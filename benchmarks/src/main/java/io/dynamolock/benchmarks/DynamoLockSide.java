package io.dynamolock.benchmarks;

import io.dynamolock.Lock;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.testing.DynamoDbServer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * This library as a contender: one {@link DynamoDbLockManager} (one owner) on the table
 * {@value #TABLE}, over a client built exactly like every other contender's (same HTTP client,
 * same SDK defaults), with a request counter on it.
 */
public final class DynamoLockSide implements LockCycle {
    /** The lock table this library provisions and uses. */
    public static final String TABLE = "dynamolock";

    private final String name;
    private final RequestCounter counter;
    private final DynamoDbClient client;
    private final DynamoDbLockManager manager;

    private DynamoLockSide(String name, RequestCounter counter, DynamoDbClient client, DynamoDbLockManager manager) {
        this.name = name;
        this.counter = counter;
        this.client = client;
        this.manager = manager;
    }

    /**
     * Starts a manager (provisioning the table when missing) on a client of {@code server}.
     *
     * @param server    the server every contender uses
     * @param lease     the lease
     * @param heartbeat the renewal period
     * @param tweaks    further builder settings, e.g. a take-over mode
     * @return the started contender; its counter starts at zero after provisioning
     */
    public static DynamoLockSide start(DynamoDbServer server, Duration lease, Duration heartbeat,
                                       UnaryOperator<DynamoDbLockManager.Builder> tweaks) {
        return start(server, lease, heartbeat, tweaks, new ExecutionInterceptor[0]);
    }

    /**
     * As {@link #start(DynamoDbServer, Duration, Duration, UnaryOperator)}, with more interceptors
     * on the client.
     *
     * @param server    the server every contender uses
     * @param lease     the lease
     * @param heartbeat the renewal period
     * @param tweaks    further builder settings
     * @param extra     interceptors added after the counter
     * @return the started contender
     */
    public static DynamoLockSide start(DynamoDbServer server, Duration lease, Duration heartbeat,
                                       UnaryOperator<DynamoDbLockManager.Builder> tweaks,
                                       ExecutionInterceptor... extra) {
        RequestCounter counter = new RequestCounter();
        ExecutionInterceptor[] all = new ExecutionInterceptor[extra.length + 1];
        all[0] = counter;
        System.arraycopy(extra, 0, all, 1, extra.length);
        DynamoDbClient client = server.newClient(all);
        DynamoDbLockManager manager = tweaks.apply(DynamoDbLockManager.builder()
                        .table(TABLE)
                        .dynamoDbClient(client)
                        .lease(lease)
                        .heartbeat(heartbeat))
                .build();
        manager.start();
        counter.reset();
        return new DynamoLockSide("DynamoLock", counter, client, manager);
    }

    /**
     * Starts a manager that builds its own client from its settings (endpoint, region, and the
     * library's own timeouts), as an application using the agent gets. Its requests are not
     * counted (no interceptor can be added to that client).
     *
     * @param server    the server
     * @param lease     the lease
     * @param heartbeat the renewal period
     * @return the started contender
     */
    public static DynamoLockSide startWithOwnClient(DynamoDbServer server, Duration lease, Duration heartbeat) {
        // The manager's own client takes its credentials from the SDK's default chain.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        DynamoDbLockManager manager = DynamoDbLockManager.builder()
                .table(TABLE)
                .endpoint(server.endpoint())
                .region(server.region().id())
                .lease(lease)
                .heartbeat(heartbeat)
                .build();
        manager.start();
        return new DynamoLockSide("DynamoLock, own client", new RequestCounter(), null, manager);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RequestCounter counter() {
        return counter;
    }

    /** @return the manager */
    public DynamoDbLockManager manager() {
        return manager;
    }

    @Override
    public void cycle(String key) {
        Optional<Lock> lock = manager.tryAcquire(key, Duration.ZERO);
        lock.orElseThrow(() -> new IllegalStateException("uncontended key " + key + " was busy")).close();
    }

    @Override
    public void close() {
        manager.close();
        if (client != null) {
            client.close();
        }
    }
}
