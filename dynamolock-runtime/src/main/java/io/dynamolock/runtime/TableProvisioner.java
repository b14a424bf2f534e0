package io.dynamolock.runtime;

import io.dynamolock.LockUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.MultiRegionConsistency;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Makes sure the lock table exists and fits the protocol. Idempotent and safe when several
 * managers start at once: a concurrent creator's {@code ResourceInUseException} is success.
 */
final class TableProvisioner {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");
    private static final long POLL_MILLIS = 200;

    private final DynamoDbClient client;
    private final LockSettings settings;
    private final Duration activeWait;
    private final Host host;
    private final ClockSkewGuard guard;

    /** @param guard takes the server's clock off every answer: a node's first acquire is judged too */
    TableProvisioner(DynamoDbClient client, LockSettings settings, Duration activeWait, Host host,
                     ClockSkewGuard guard) {
        this.client = client;
        this.settings = settings;
        this.activeWait = activeWait;
        this.host = host;
        this.guard = guard;
    }

    /**
     * @throws LockUnavailableException when the table is missing and not to be created, has
     *     another key schema, is an eventually consistent global table, or does not become
     *     ACTIVE in time
     */
    void ensureTable() {
        String table = settings.table();
        TableDescription description = describe();
        if (description == null) {
            if (!settings.provision()) {
                throw new LockUnavailableException("lock table '" + table + "' does not exist and "
                        + "dynamolock.provision=false: create it (partition key 'id' of type S) or allow provisioning");
            }
            create();
            description = awaitActive();
            enableTtl();
        } else if (description.tableStatus() != TableStatus.ACTIVE) {
            description = awaitActive();
        }
        checkSchema(description);
    }

    private TableDescription describe() {
        try {
            return guard.timed(host.wallClock(), () -> client.describeTable(b -> b.tableName(settings.table())))
                    .table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private void create() {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(settings.table())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(LockItem.ID).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(LockItem.ID).keyType(KeyType.HASH).build());
        if (settings.billing() == LockSettings.Billing.PROVISIONED) {
            request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(ProvisionedThroughput.builder()
                    .readCapacityUnits(settings.capacity()).writeCapacityUnits(settings.capacity()).build());
        } else {
            request.billingMode(BillingMode.PAY_PER_REQUEST);
        }
        try {
            client.createTable(request.build());
            LOG.log(Level.INFO, "created lock table ''{0}''", settings.table());
        } catch (ResourceInUseException e) {
            LOG.log(Level.DEBUG, "lock table ''{0}'' is being created by another manager", settings.table());
        }
    }

    /** Some servers (dynalite) keep a new table CREATING for a while; item requests fail until ACTIVE. */
    private TableDescription awaitActive() {
        long deadline = host.nanoTime() + activeWait.toNanos();
        while (true) {
            TableDescription d = describe();
            if (d != null && d.tableStatus() == TableStatus.ACTIVE) {
                return d;
            }
            if (host.nanoTime() - deadline >= 0) {
                throw new LockUnavailableException("lock table '" + settings.table() + "' did not become ACTIVE within "
                        + activeWait + " (status " + (d == null ? "missing" : d.tableStatusAsString()) + ")");
            }
            try {
                host.sleep(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockUnavailableException("interrupted while waiting for lock table '" + settings.table() + "'");
            }
        }
    }

    /** TTL only purges released items a day later; a server without it is worth a warning, not a failure. */
    private void enableTtl() {
        try {
            client.updateTimeToLive(b -> b.tableName(settings.table())
                    .timeToLiveSpecification(t -> t.attributeName(LockItem.PURGE_AT).enabled(true)));
        } catch (SdkException e) {
            if (String.valueOf(e.getMessage()).contains("already enabled")) {
                return;
            }
            LOG.log(Level.WARNING, "could not enable TTL on lock table ''{0}'' (released items will not be purged): {1}",
                    settings.table(), e.getMessage());
        }
    }

    private void checkSchema(TableDescription d) {
        List<KeySchemaElement> keys = d.keySchema();
        boolean fits = keys.size() == 1 && LockItem.ID.equals(keys.get(0).attributeName())
                && d.attributeDefinitions().stream().anyMatch(a -> LockItem.ID.equals(a.attributeName())
                        && a.attributeType() == ScalarAttributeType.S);
        if (!fits) {
            throw new LockUnavailableException("lock table '" + settings.table() + "' has key schema " + describeKeys(d)
                    + "; expected only a partition key 'id' of type S (use another dynamolock.table)");
        }
        if (d.hasReplicas() && !d.replicas().isEmpty() && d.multiRegionConsistency() != MultiRegionConsistency.STRONG) {
            throw new LockUnavailableException("lock table '" + settings.table() + "' is a global table with eventual "
                    + "multi-Region consistency: concurrent writes in two Regions are resolved by last writer wins, "
                    + "which no condition can make safe; use a single-Region table or MultiRegionConsistency STRONG");
        }
    }

    private static String describeKeys(TableDescription d) {
        StringBuilder s = new StringBuilder("[");
        for (KeySchemaElement k : d.keySchema()) {
            String type = d.attributeDefinitions().stream().filter(a -> a.attributeName().equals(k.attributeName()))
                    .map(AttributeDefinition::attributeTypeAsString).findFirst().orElse("?");
            s.append(s.length() > 1 ? ", " : "").append(k.attributeName()).append(' ').append(type).append(' ')
                    .append(k.keyTypeAsString());
        }
        return s.append(']').toString();
    }
}
