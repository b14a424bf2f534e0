package io.dynamolock.runtime;

import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.TestTables;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Managers with short leases against the shared test server, each test on its own table;
 * everything it made is closed with it.
 */
final class Fixture implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final Duration SKEW = Duration.ofMillis(200);

    final DynamoDbServer server;
    final String table = TestTables.uniqueName("locks");
    final RequestCounter requests = new RequestCounter();
    final DynamoDbClient client;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    Fixture(DynamoDbServer server) {
        this.server = server;
        this.client = server.newClient(requests);
        closeables.add(client);
    }

    DynamoDbLockManager started(String owner) {
        DynamoDbLockManager m = manager(owner, b -> { });
        m.start();
        return m;
    }

    DynamoDbLockManager manager(String owner, Consumer<DynamoDbLockManager.Builder> customizer) {
        DynamoDbLockManager.Builder b = DynamoDbLockManager.builder()
                .settings(LockSettings.defaults())
                .table(table)
                .owner(owner)
                .lease(LEASE)
                .heartbeat(HEARTBEAT)
                .clockSkew(SKEW)
                .startTimeout(Duration.ofSeconds(20))
                .dynamoDbClient(client);
        customizer.accept(b);
        DynamoDbLockManager m = b.build();
        closeables.add(0, m);
        return m;
    }

    /** The protocol as another node would speak it, with no heartbeat: a holder that stopped renewing. */
    LockProtocol protocolOf(String owner) {
        LockSettings settings = LockSettings.defaults().change().table(table).owner(owner).lease(LEASE)
                .heartbeat(HEARTBEAT).clockSkew(SKEW).done();
        return new LockProtocol(client, settings, Clock.systemUTC());
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }
}
