package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

@ExtendWith(FixtureExtension.class)
class TableProvisionerTest {

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    @Test
    void missingTableIsCreatedActiveWithTheProtocolsKey() {
        fixture.started("node-a");
        TableDescription t = fixture.client.describeTable(d -> d.tableName(fixture.table)).table();
        assertEquals(TableStatus.ACTIVE, t.tableStatus());
        assertEquals(1, t.keySchema().size());
        assertEquals("id", t.keySchema().get(0).attributeName());
        assertEquals(KeyType.HASH, t.keySchema().get(0).keyType());
        assertEquals(ScalarAttributeType.S, t.attributeDefinitions().get(0).attributeType());
    }

    @Test
    void ttlIsEnabledOnPurgeAtWhereTheServerSupportsIt() {
        fixture.started("node-a");
        if (fixture.server.backend().equals("dynalite")) {
            return; // dynalite has no TTL: provisioning only warns there (checked by the start succeeding)
        }
        var ttl = fixture.client.describeTimeToLive(d -> d.tableName(fixture.table)).timeToLiveDescription();
        assertEquals("purge_at", ttl.attributeName());
    }

    @Test
    void twoManagersStartingTogetherBothBecomeReady() {
        DynamoDbLockManager a = fixture.manager("node-a", b -> { });
        DynamoDbLockManager b = fixture.manager("node-b", x -> { });
        CompletableFuture<Void> first = CompletableFuture.runAsync(a::start);
        CompletableFuture<Void> second = CompletableFuture.runAsync(b::start);
        CompletableFuture.allOf(first, second).join();
        assertTrue(a.acquireLock("shared"));
        assertTrue(!b.acquireLock("shared"));
    }

    @Test
    void tableWithAnotherKeySchemaIsAClearError() {
        fixture.client.createTable(c -> c.tableName(fixture.table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST"));
        DynamoDbLockManager m = fixture.manager("node-a", b -> { });
        LockUnavailableException e = assertThrows(LockUnavailableException.class, m::start);
        assertTrue(e.getMessage().contains(fixture.table), e.getMessage());
        assertTrue(e.getMessage().contains("key schema [pk S HASH]"), e.getMessage());
        assertTrue(e.getMessage().contains("'id' of type S"), e.getMessage());
    }

    @Test
    void missingTableWithProvisioningOffIsUnavailableNamingTheTable() {
        DynamoDbLockManager m = fixture.manager("node-a", b -> b.provision(false));
        LockUnavailableException e = assertThrows(LockUnavailableException.class, m::start);
        assertTrue(e.getMessage().contains("'" + fixture.table + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("dynamolock.provision=false"), e.getMessage());
        LockUnavailableException onCall = assertThrows(LockUnavailableException.class, () -> m.acquireLock("k"));
        assertTrue(onCall.getMessage().contains(fixture.table), onCall.getMessage());
    }

    @Test
    void callsMadeWhileStartingWaitForTheTable() {
        DynamoDbLockManager m = fixture.manager("node-a", b -> { });
        m.startInBackground();
        assertTrue(m.tryAcquire("early", Duration.ZERO).isPresent(), "a call during start-up waits, then runs");
    }

    @Test
    void callsBeforeStartFailWithAClearError() {
        DynamoDbLockManager m = fixture.manager("node-a", b -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.acquireLock("k"));
        assertTrue(e.getMessage().contains("start()"), e.getMessage());
    }
}
