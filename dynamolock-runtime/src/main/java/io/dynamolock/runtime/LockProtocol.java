package io.dynamolock.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The on-table protocol, in one place: acquire, renew and release are one conditional
 * {@code UpdateItem} each (see the README's "The table and the protocol").
 *
 * <p>Attribute names always go through expression attribute names (several are reserved
 * words), and each request carries only the names and values it uses.
 */
final class LockProtocol {

    /** DynamoDB's limit on a partition key value. */
    static final int MAX_KEY_BYTES = 2048;

    private static final long DAY_SECONDS = 86_400L;
    private static final AttributeValue ONE = number(1);
    private static final AttributeValue ZERO = number(0);

    private static final String ACQUIRE_UPDATE = "SET #owner = :me, #expires = :expires, #lease = :lease, "
            + "#beat = :zero, #purge = :purge, #fence = if_not_exists(#fence, :now) + :one";
    private static final String ACQUIRE_CONDITION = "attribute_not_exists(#owner) OR #expires < :cutoff";
    private static final Map<String, String> ACQUIRE_NAMES = Map.of("#owner", LockItem.OWNER,
            "#expires", LockItem.EXPIRES, "#lease", LockItem.LEASE, "#beat", LockItem.BEAT,
            "#purge", LockItem.PURGE_AT, "#fence", LockItem.FENCE);

    private static final String RENEW_UPDATE = "SET #expires = :expires, #purge = :purge ADD #beat :one";
    private static final String RELEASE_UPDATE = "REMOVE #owner, #expires SET #purge = :purge";
    private static final String HOLDER_CONDITION = "#owner = :me AND #fence = :fence";
    private static final Map<String, String> RENEW_NAMES = Map.of("#owner", LockItem.OWNER,
            "#expires", LockItem.EXPIRES, "#purge", LockItem.PURGE_AT, "#beat", LockItem.BEAT,
            "#fence", LockItem.FENCE);
    private static final Map<String, String> RELEASE_NAMES = Map.of("#owner", LockItem.OWNER,
            "#expires", LockItem.EXPIRES, "#purge", LockItem.PURGE_AT, "#fence", LockItem.FENCE);

    /** The answer to an acquire. */
    sealed interface Acquire permits Acquired, Busy {
    }

    /**
     * This manager now holds the key.
     *
     * @param fence the new fencing token
     */
    record Acquired(long fence) implements Acquire {
    }

    /**
     * Another holder has the key.
     *
     * @param holder the item as the failed condition saw it; {@code null} when the server did not
     *               return it (a reader that needs it calls {@link #read(String)})
     */
    record Busy(LockItem holder) implements Acquire {
    }

    private final DynamoDbClient client;
    private final String table;
    private final String owner;
    private final long leaseMs;
    private final long clockSkewMs;
    private final Clock clock;

    LockProtocol(DynamoDbClient client, LockSettings settings, Clock clock) {
        this.client = client;
        this.table = settings.table();
        this.owner = settings.owner();
        this.leaseMs = settings.lease().toMillis();
        this.clockSkewMs = settings.clockSkew().toMillis();
        this.clock = clock;
    }

    String owner() {
        return owner;
    }

    Duration lease() {
        return Duration.ofMillis(leaseMs);
    }

    /**
     * Rejects keys DynamoDB would reject, before any request.
     *
     * @throws IllegalArgumentException naming the key and the accepted length
     */
    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("lock key is " + (key == null ? "null" : "empty")
                    + "; expected 1 to " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("lock key '" + key.substring(0, 40) + "...' is " + bytes
                    + " UTF-8 bytes; expected 1 to " + MAX_KEY_BYTES);
        }
    }

    /**
     * Takes the key when nobody holds it or its holder's lease expired (by more than the clock
     * skew on this node's clock). The fence is seeded from the clock so that it keeps rising even
     * after the item was purged.
     */
    Acquire acquire(String key) {
        return acquire(key, -1);
    }

    /**
     * As {@link #acquire(String)}, after an earlier attempt of the same call failed for I/O
     * reasons at {@code ambiguousSinceMs} (-1: none): that attempt may have been applied, so a
     * failed condition that finds this owner's fresh write adopts it instead of waiting it out.
     */
    Acquire acquire(String key, long ambiguousSinceMs) {
        long now = clock.millis();
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table)
                .key(keyOf(key))
                .updateExpression(ACQUIRE_UPDATE)
                .conditionExpression(ACQUIRE_CONDITION)
                .expressionAttributeNames(ACQUIRE_NAMES)
                .expressionAttributeValues(Map.of(
                        ":me", string(owner),
                        ":expires", number(now + leaseMs),
                        ":lease", number(leaseMs),
                        ":zero", ZERO,
                        ":purge", purgeAt(now),
                        ":now", number(now),
                        ":one", ONE,
                        ":cutoff", number(now - clockSkewMs)))
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            UpdateItemResponse response = client.updateItem(request);
            return new Acquired(LockItem.from(response.attributes()).fence());
        } catch (ConditionalCheckFailedException e) {
            boolean mayBeOwn = retried(e) || ambiguousSinceMs >= 0;
            long sentAt = ambiguousSinceMs >= 0 ? ambiguousSinceMs : now;
            LockItem holder = e.hasItem() ? LockItem.from(e.item()) : null;
            if (holder != null && mayBeOwn && ownAcquireApplied(holder, sentAt)) {
                return new Acquired(holder.fence());
            }
            if (holder == null && mayBeOwn) {
                LockItem read = read(key);
                if (read != null && ownAcquireApplied(read, sentAt)) {
                    return new Acquired(read.fence());
                }
                return new Busy(read);
            }
            return new Busy(holder);
        }
    }

    /**
     * An SDK retry of an acquire whose first response was lost fails its own condition: the item
     * then names this owner with an expiry written during this call.
     */
    private boolean ownAcquireApplied(LockItem item, long sentAtMs) {
        return owner.equals(item.owner()) && item.beat() == 0
                && item.expiresMs() >= sentAtMs + leaseMs - clockSkewMs;
    }

    private static boolean retried(ConditionalCheckFailedException e) {
        Integer attempts = e.numAttempts();
        return attempts != null && attempts > 1;
    }

    /**
     * Extends the lease of a held lock.
     *
     * @return {@code false} when the item no longer names this owner and fence (stolen)
     */
    boolean renew(String key, long fence) {
        long now = clock.millis();
        try {
            client.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(keyOf(key))
                    .updateExpression(RENEW_UPDATE)
                    .conditionExpression(HOLDER_CONDITION)
                    .expressionAttributeNames(RENEW_NAMES)
                    .expressionAttributeValues(Map.of(
                            ":expires", number(now + leaseMs),
                            ":purge", purgeAt(now),
                            ":one", ONE,
                            ":me", string(owner),
                            ":fence", number(fence)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Releases a held lock, keeping the item so that the fence keeps rising.
     *
     * @return {@code false} when the lock had been lost (another owner or fence on the item)
     */
    boolean release(String key, long fence) {
        long now = clock.millis();
        try {
            client.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(keyOf(key))
                    .updateExpression(RELEASE_UPDATE)
                    .conditionExpression(HOLDER_CONDITION)
                    .expressionAttributeNames(RELEASE_NAMES)
                    .expressionAttributeValues(Map.of(
                            ":purge", purgeAt(now),
                            ":me", string(owner),
                            ":fence", number(fence)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            if (!retried(e)) {
                return false;
            }
            // A retried release whose first response was lost finds its own work done: no owner, same fence.
            LockItem item = e.hasItem() ? LockItem.from(e.item()) : read(key);
            return item != null && !item.isHeld() && item.fence() == fence;
        }
    }

    /** @return the item as stored (strongly consistent read), or {@code null} when there is none */
    LockItem read(String key) {
        return LockItem.from(client.getItem(GetItemRequest.builder()
                .tableName(table)
                .key(keyOf(key))
                .consistentRead(true)
                .build()).item());
    }

    private AttributeValue purgeAt(long nowMs) {
        return number((nowMs + leaseMs) / 1000 + DAY_SECONDS);
    }

    private static Map<String, AttributeValue> keyOf(String key) {
        return Map.of(LockItem.ID, string(key));
    }

    private static AttributeValue string(String s) {
        return AttributeValue.builder().s(s).build();
    }

    private static AttributeValue number(long n) {
        return AttributeValue.builder().n(Long.toString(n)).build();
    }
}
