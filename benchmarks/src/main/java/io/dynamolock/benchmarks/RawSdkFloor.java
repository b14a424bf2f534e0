package io.dynamolock.benchmarks;

import io.dynamolock.testing.DynamoDbServer;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The floor: the raw SDK sending the same two conditional {@code UpdateItem}s that a lock cycle
 * of this library sends (the acquire and the release of the README's protocol, with the same
 * expressions, names, values and return options), and nothing else: no bookkeeping, no
 * heartbeat. Written here from the README's protocol table, on the same table as the library.
 */
public final class RawSdkFloor implements LockCycle {
    private static final long LEASE_MS = 20_000;
    private static final long SKEW_MS = 1_000;
    private static final AttributeValue ONE = number(1);
    private static final AttributeValue ZERO = number(0);
    private static final String ACQUIRE_UPDATE = "SET #owner = :me, #expires = :expires, #lease = :lease, "
            + "#beat = :zero, #nonce = :nonce, #fence = if_not_exists(#fence, :now) + :one REMOVE #purge";
    private static final String ACQUIRE_CONDITION = "attribute_not_exists(#owner) OR #expires < :cutoff";
    private static final Map<String, String> ACQUIRE_NAMES = Map.of("#owner", "owner", "#expires", "expires",
            "#lease", "lease", "#beat", "beat", "#purge", "purge_at", "#fence", "fence", "#nonce", "nonce");
    private static final String RELEASE_UPDATE = "REMOVE #owner, #expires SET #purge = :purge";
    private static final String HOLDER_CONDITION = "#owner = :me AND #fence = :fence";
    private static final Map<String, String> RELEASE_NAMES = Map.of("#owner", "owner", "#expires", "expires",
            "#purge", "purge_at", "#fence", "fence");

    private final RequestCounter counter = new RequestCounter();
    private final DynamoDbClient client;
    private final AttributeValue me;
    private final String name;

    /**
     * @param server the server every contender uses; the table {@value DynamoLockSide#TABLE} must exist
     * @param owner  the owner id written into the items
     */
    public RawSdkFloor(DynamoDbServer server, String owner) {
        this(server, owner, "raw SDK (floor)");
    }

    /**
     * @param server the server every contender uses; the table {@value DynamoLockSide#TABLE} must exist
     * @param owner  the owner id written into the items
     * @param name   the name shown in the tables
     */
    public RawSdkFloor(DynamoDbServer server, String owner, String name) {
        this.name = name;
        this.client = server.newClient(counter);
        this.me = AttributeValue.builder().s(owner).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RequestCounter counter() {
        return counter;
    }

    @Override
    public void cycle(String key) {
        long now = System.currentTimeMillis();
        Map<String, AttributeValue> itemKey = Map.of("id", AttributeValue.builder().s(key).build());
        Map<String, AttributeValue> item = client.updateItem(UpdateItemRequest.builder()
                .tableName(DynamoLockSide.TABLE)
                .key(itemKey)
                .updateExpression(ACQUIRE_UPDATE)
                .conditionExpression(ACQUIRE_CONDITION)
                .expressionAttributeNames(ACQUIRE_NAMES)
                .expressionAttributeValues(Map.of(
                        ":me", me,
                        ":expires", number(now + LEASE_MS),
                        ":lease", number(LEASE_MS),
                        ":zero", ZERO,
                        ":nonce", number(1 + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE - 1)),
                        ":now", number(now),
                        ":one", ONE,
                        ":cutoff", number(now - SKEW_MS)))
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).attributes();
        AttributeValue fence = item.get("fence");
        long released = System.currentTimeMillis();
        client.updateItem(UpdateItemRequest.builder()
                .tableName(DynamoLockSide.TABLE)
                .key(itemKey)
                .updateExpression(RELEASE_UPDATE)
                .conditionExpression(HOLDER_CONDITION)
                .expressionAttributeNames(RELEASE_NAMES)
                .expressionAttributeValues(Map.of(":purge", purgeAt(released), ":me", me, ":fence", fence))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build());
    }

    private static AttributeValue purgeAt(long nowMs) {
        return number((nowMs + LEASE_MS) / 1000 + 86_400L);
    }

    private static AttributeValue number(long n) {
        return AttributeValue.builder().n(Long.toString(n)).build();
    }

    @Override
    public void close() {
        client.close();
    }
}
