package io.dynamolock.runtime.support;

import io.dynamolock.Lock;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.LockSettings;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.TestTables;
import io.dynamolock.testing.fault.FaultProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Managers with short leases against the shared test server, each test on its own table;
 * everything it made is closed with it.
 */
public final class Fixture implements AutoCloseable {
    public static final Duration LEASE = Duration.ofSeconds(2);
    public static final Duration HEARTBEAT = Duration.ofMillis(500);
    public static final Duration SKEW = Duration.ofMillis(200);

    public final DynamoDbServer server;
    public final String table = TestTables.uniqueName("locks");
    /** Every request that {@link #client} (and so every manager made by {@link #manager}) sends. */
    public final RequestCounter requests = new RequestCounter();
    public final DynamoDbClient client;
    /** The lock table's items, read and written behind the managers' backs. */
    public final TableItems items;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private LockWatch watch;

    public Fixture(DynamoDbServer server) {
        this.server = server;
        this.client = server.newClient(requests);
        this.items = new TableItems(client, table);
        closeables.add(client);
    }

    public DynamoDbLockManager started(String owner) {
        DynamoDbLockManager m = manager(owner, b -> { });
        m.start();
        return m;
    }

    /** A manager on the fixture's client, whose requests {@link #requests} counts. */
    public DynamoDbLockManager manager(String owner, Consumer<DynamoDbLockManager.Builder> customizer) {
        return build(owner, b -> customizer.accept(b.dynamoDbClient(client)));
    }

    /**
     * A manager that builds its own client, as a user's would (the runtime's timeouts and retry
     * strategy), talking to {@code endpoint}: the server, or a {@link FaultProxy} in front of it.
     */
    public DynamoDbLockManager managerVia(URI endpoint, String owner,
                                          Consumer<DynamoDbLockManager.Builder> customizer) {
        return build(owner, b -> customizer.accept(b.endpoint(endpoint)
                .region(server.region().id())
                .credentialsProvider(server.credentialsProvider())));
    }

    /** A manager on this fixture's table with its short lease, closed with the fixture. */
    private DynamoDbLockManager build(String owner, Consumer<DynamoDbLockManager.Builder> client) {
        DynamoDbLockManager.Builder b = DynamoDbLockManager.builder()
                .settings(LockSettings.defaults())
                .table(table)
                .owner(owner)
                .lease(LEASE)
                .heartbeat(HEARTBEAT)
                .clockSkew(SKEW)
                .startTimeout(Duration.ofSeconds(20))
                .set("shutdownGrace", "0s"); // locks a test leaves held do not hold up its end
        client.accept(b);
        DynamoDbLockManager m = b.build();
        closeables.add(0, m);
        return m;
    }

    /** As {@link #managerVia(URI, String, Consumer)}, started. */
    public DynamoDbLockManager startedVia(URI endpoint, String owner) {
        DynamoDbLockManager m = managerVia(endpoint, owner, b -> { });
        m.start();
        return m;
    }

    /** @return a fault proxy in front of the server, closed after every manager of this fixture */
    public FaultProxy proxy() {
        FaultProxy proxy = FaultProxy.start(server.endpoint());
        closeables.add(proxy);
        return proxy;
    }

    /** @return a new table with a string key {@code id}, ACTIVE, for the fenced writes of the tests */
    public String dataTable() {
        String name = TestTables.uniqueName("data");
        client.createTable(r -> r.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("id")
                        .attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                if (client.describeTable(r -> r.tableName(name)).table().tableStatus()
                        == TableStatus.ACTIVE) {
                    return name;
                }
            } catch (ResourceNotFoundException e) {
                // just created: some servers do not list it at once
            }
            pause(Duration.ofMillis(50));
        }
        throw new AssertionError("table " + name + " did not become ACTIVE within 20 s");
    }

    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Watches {@code lock} as a careful holder would (see {@link LockWatch}), until the fixture closes.
     *
     * @return completes with {@link System#nanoTime()} when the lock was first seen not held
     */
    public CompletableFuture<Long> lossOf(Lock lock) {
        if (watch == null) {
            watch = closeLater(new LockWatch());
        }
        return watch.lossOf(lock);
    }

    /** Registers something to close with the fixture, after the managers. */
    public <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }


    /** Closes everything, managers first; the first failure is thrown after the rest are closed. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
