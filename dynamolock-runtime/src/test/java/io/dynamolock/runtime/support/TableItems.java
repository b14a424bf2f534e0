package io.dynamolock.runtime.support;

import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A lock table's items, read and written with plain SDK calls behind the managers' backs: what
 * a test sees in the table, and what a node that no longer speaks up (or one that breaks the
 * protocol) leaves there. Attribute names are the table format of the README's "The table and
 * the protocol".
 */
public final class TableItems {
    private final DynamoDbClient client;
    private final String table;

    TableItems(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** A lock item as stored; {@code owner} is {@code null} and {@code expiresMs} 0 when the key is free. */
    public record StoredLock(String owner, long fence, long expiresMs, long beat) {
    }

    /** @return the item of {@code key}, read consistently; empty when there is none */
    public Map<String, AttributeValue> item(String key) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).key(keyOf(key)).consistentRead(true))
                .item();
        return item == null ? Map.of() : item;
    }

    /**
     * @return the lock item of {@code key}, read consistently
     * @throws AssertionError when there is none
     */
    public StoredLock read(String key) {
        Map<String, AttributeValue> item = item(key);
        if (item.isEmpty()) {
            throw new AssertionError("no item for lock '" + key + "' in " + table);
        }
        AttributeValue owner = item.get("owner");
        return new StoredLock(owner == null ? null : owner.s(), number(item, "fence"), number(item, "expires"),
                number(item, "beat"));
    }

    /**
     * Writes the item as a holder leaves it after its acquire (beat 0, the fixture's lease), over
     * whatever was there: a node that took the key and then stopped renewing, or one that
     * overwrote the item.
     */
    public void put(String key, String owner, long fence, long expiresMs) {
        client.putItem(p -> p.tableName(table).item(Map.of("id", AttributeValue.fromS(key),
                "owner", AttributeValue.fromS(owner), "fence", numberValue(fence), "expires", numberValue(expiresMs),
                "lease", numberValue(Fixture.LEASE.toMillis()), "beat", numberValue(0))));
    }

    /** Deletes the item of {@code key}, as an operator purging the table would. */
    public void delete(String key) {
        client.deleteItem(d -> d.tableName(table).key(keyOf(key)));
    }

    /**
     * Takes the key over by expiry as a node whose wall clock reads {@code clock} would, with no
     * guard to stop it: on the condition that the key is free or its expiry lies more than the
     * fixture's clock skew before that clock.
     *
     * @return the fence of the take-over
     * @throws ConditionalCheckFailedException when that clock does not see the holder's lease run out
     */
    public long takeOverByExpiry(String key, String owner, Clock clock) {
        long now = clock.millis();
        return Long.parseLong(client.updateItem(u -> u.tableName(table).key(keyOf(key))
                .updateExpression("SET #owner = :owner, #expires = :expires, #lease = :lease, #beat = :zero,"
                        + " #fence = if_not_exists(#fence, :now) + :one")
                .conditionExpression("attribute_not_exists(#owner) OR #expires < :cutoff")
                .expressionAttributeNames(Map.of("#owner", "owner", "#expires", "expires", "#lease", "lease",
                        "#beat", "beat", "#fence", "fence"))
                .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                        ":expires", numberValue(now + Fixture.LEASE.toMillis()),
                        ":lease", numberValue(Fixture.LEASE.toMillis()), ":zero", numberValue(0),
                        ":now", numberValue(now), ":one", numberValue(1),
                        ":cutoff", numberValue(now - Fixture.SKEW.toMillis())))
                .returnValues(ReturnValue.ALL_NEW)).attributes().get("fence").n());
    }

    private static Map<String, AttributeValue> keyOf(String key) {
        return Map.of("id", AttributeValue.fromS(key));
    }

    private static AttributeValue numberValue(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
