package io.dynamolock.runtime;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A lock item as read from the table.
 *
 * @param key       the lock key ({@code id})
 * @param owner     owner id of the holder, or {@code null} when nobody holds it
 * @param expiresMs holder's clock at its last write + lease, epoch ms (0 when not held)
 * @param leaseMs   the lease in ms, as written by the holder
 * @param fence     the fencing token of the last acquire
 * @param beat      the renewal counter of that acquire
 * @param nonce     the random number that acquire wrote, by which its sender knows it (0 when absent)
 */
record LockItem(String key, String owner, long expiresMs, long leaseMs, long fence, long beat, long nonce) {

    static final String ID = "id";
    static final String OWNER = "owner";
    static final String EXPIRES = "expires";
    static final String LEASE = "lease";
    static final String FENCE = "fence";
    static final String BEAT = "beat";
    static final String PURGE_AT = "purge_at";
    static final String NONCE = "nonce";

    /** @return the item, or {@code null} when the map is null or empty (no item) */
    static LockItem from(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return null;
        }
        return new LockItem(string(item, ID), string(item, OWNER), number(item, EXPIRES), number(item, LEASE),
                number(item, FENCE), number(item, BEAT), number(item, NONCE));
    }

    boolean isHeld() {
        return owner != null;
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0L : Long.parseLong(v.n());
    }
}
