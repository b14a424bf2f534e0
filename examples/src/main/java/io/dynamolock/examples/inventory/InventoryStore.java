package io.dynamolock.examples.inventory;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Stock levels in a DynamoDB table, written with the fencing recipe: every write carries the
 * fence of the lock it was made under, and the table refuses a write whose fence is lower than
 * the last one it accepted. A holder that lost its lease (paused, partitioned) and writes late
 * is refused, because whoever took the lock over wrote with a higher fence.
 */
public final class InventoryStore {
    private final DynamoDbClient client;
    private final String table;

    /**
     * @param client the application's own DynamoDB client
     * @param table  the inventory table, created by {@link #createTable()}
     */
    public InventoryStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** Creates the table (partition key {@code sku}) and waits until it is ACTIVE. */
    public void createTable() {
        try {
            client.createTable(c -> c.tableName(table)
                    .attributeDefinitions(a -> a.attributeName("sku").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("sku").keyType(KeyType.HASH))
                    .billingMode("PAY_PER_REQUEST"));
        } catch (ResourceInUseException e) {
            // already there
        }
        for (int i = 0; i < 100; i++) {
            if (client.describeTable(d -> d.tableName(table)).table().tableStatus() == TableStatus.ACTIVE) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("table " + table + " did not become ACTIVE");
    }

    /** @param sku the item @param stock its stock level, written without a fence */
    public void reset(String sku, long stock) {
        client.putItem(p -> p.tableName(table).item(Map.of("sku", s(sku), "stock", n(stock))));
    }

    /** @param sku the item @return its stock level */
    public long stock(String sku) {
        return Long.parseLong(client.getItem(g -> g.tableName(table).key(Map.of("sku", s(sku))).consistentRead(true))
                .item().get("stock").n());
    }

    /**
     * Writes a new stock level, fenced.
     *
     * @param sku   the item
     * @param stock the new level
     * @param fence the fence of the lock the write is made under
     * @return {@code false} when a write with a higher fence was accepted before: the writer's
     *     lock was taken over, and its write is refused
     */
    public boolean write(String sku, long stock, long fence) {
        try {
            client.updateItem(u -> u.tableName(table).key(Map.of("sku", s(sku)))
                    .updateExpression("SET stock = :stock, fence = :fence")
                    .conditionExpression("attribute_not_exists(fence) OR fence <= :fence")
                    .expressionAttributeValues(Map.of(":stock", n(stock), ":fence", n(fence))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static AttributeValue s(String s) {
        return AttributeValue.builder().s(s).build();
    }

    private static AttributeValue n(long n) {
        return AttributeValue.builder().n(Long.toString(n)).build();
    }
}
