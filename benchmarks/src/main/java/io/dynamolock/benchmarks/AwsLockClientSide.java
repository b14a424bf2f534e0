package io.dynamolock.benchmarks;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import io.dynamolock.testing.DynamoDbServer;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The AWS lock client ({@code com.amazonaws:dynamodb-lock-client:1.4.0}) as a contender: one
 * {@link AmazonDynamoDBLockClient} (one owner) on its own table {@value #TABLE} (partition key
 * {@code key}, on-demand billing like this library's), over a client built exactly like every
 * other contender's. Its options are its defaults except lease and heartbeat, which each part
 * sets to the same values as this library's.
 */
public final class AwsLockClientSide implements LockCycle {
    /** The lock table of the AWS client. */
    public static final String TABLE = "awslocks";

    private final RequestCounter counter = new RequestCounter();
    private final DynamoDbClient client;
    private final AmazonDynamoDBLockClient locks;

    /**
     * @param server    the server every contender uses
     * @param lease     the lease
     * @param heartbeat the heartbeat period of its background thread
     */
    public AwsLockClientSide(DynamoDbServer server, Duration lease, Duration heartbeat) {
        this(server, lease, heartbeat, "aws-" + UUID.randomUUID());
    }

    /**
     * @param server    the server every contender uses
     * @param lease     the lease
     * @param heartbeat the heartbeat period of its background thread
     * @param owner     the owner name written into the items
     * @param extra     interceptors added after the counter
     */
    public AwsLockClientSide(DynamoDbServer server, Duration lease, Duration heartbeat, String owner,
                             ExecutionInterceptor... extra) {
        ExecutionInterceptor[] all = new ExecutionInterceptor[extra.length + 1];
        all[0] = counter;
        System.arraycopy(extra, 0, all, 1, extra.length);
        this.client = server.newClient(all);
        ensureTable(client);
        this.locks = new AmazonDynamoDBLockClient(AmazonDynamoDBLockClientOptions.builder(client, TABLE)
                .withOwnerName(owner)
                .withLeaseDuration(lease.toMillis())
                .withHeartbeatPeriod(heartbeat.toMillis())
                .withTimeUnit(TimeUnit.MILLISECONDS)
                .withCreateHeartbeatBackgroundThread(true)
                .build());
        counter.reset();
    }

    /**
     * Creates the AWS client's table when missing and waits until it is active.
     *
     * @param client a client of the server
     */
    public static void ensureTable(DynamoDbClient client) {
        try {
            client.createTable(CreateTableRequest.builder()
                    .tableName(TABLE)
                    .keySchema(KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("key")
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .build());
        } catch (ResourceInUseException e) {
            // created by an earlier contender
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
    }

    @Override
    public String name() {
        return "AWS lock client 1.4.0";
    }

    @Override
    public RequestCounter counter() {
        return counter;
    }

    /** @return the lock client */
    public AmazonDynamoDBLockClient locks() {
        return locks;
    }

    @Override
    public void cycle(String key) throws InterruptedException {
        LockItem lock = locks.acquireLock(AcquireLockOptions.builder(key).build());
        if (!locks.releaseLock(lock)) {
            throw new IllegalStateException("AWS lock client did not release " + key);
        }
    }

    @Override
    public void close() {
        try {
            locks.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        client.close();
    }
}
