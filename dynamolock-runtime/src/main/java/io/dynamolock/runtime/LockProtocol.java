package io.dynamolock.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The on-table protocol, in one place: acquire, renew and release are one conditional
 * {@code UpdateItem} each (see the README's "The table and the protocol").
 *
 * <p>Attribute names always go through expression attribute names (several are reserved
 * words), and each request carries only the names and values it uses. Every answer, failed or
 * not, also tells the {@link ClockSkewGuard} what the server's clock said.
 */
final class LockProtocol {

    private static final long DAY_SECONDS = 86_400L;
    private static final AttributeValue ONE = number(1);
    private static final AttributeValue ZERO = number(0);

    private static final String ACQUIRE_UPDATE = "SET #owner = :me, #expires = :expires, #lease = :lease, "
            + "#beat = :zero, #nonce = :nonce, #fence = if_not_exists(#fence, :now) + :one REMOVE #purge";
    /** Take-over by the clocks: free, or the holder's expiry lies more than clockSkew in the past. */
    private static final String CLOCK_CONDITION = "attribute_not_exists(#owner) OR #expires < :cutoff";
    /** Take-over by observation, before the holder's version has been seen unchanged for its lease: free only. */
    private static final String FREE_CONDITION = "attribute_not_exists(#owner)";
    /** Take-over by observation: free, or still exactly the version that was seen unchanged for the lease. */
    private static final String OBSERVED_CONDITION = "attribute_not_exists(#owner) OR (#fence = :seenFence AND #beat = :seenBeat)";
    private static final Map<String, String> ACQUIRE_NAMES = Map.of("#owner", LockItem.OWNER,
            "#expires", LockItem.EXPIRES, "#lease", LockItem.LEASE, "#beat", LockItem.BEAT,
            "#purge", LockItem.PURGE_AT, "#fence", LockItem.FENCE, "#nonce", LockItem.NONCE);

    /**
     * A held item carries no {@code purge_at}: TTL must never delete an item whose holder still holds
     * it, whatever that holder's clock says. Only a release sets it. (Renewals remove it too, for items
     * taken by an older version that still wrote it.)
     */
    private static final String RENEW_UPDATE = "SET #expires = :expires ADD #beat :one REMOVE #purge";
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
     * @param fence           the new fencing token
     * @param writeStartNanos when the write that took it was sent, on this node's monotonic clock:
     *                        its lease is timed from there
     * @param adopted         whether it was an earlier attempt, whose answer was lost, that took it
     */
    record Acquired(long fence, long writeStartNanos, boolean adopted) implements Acquire {
    }

    /**
     * Another holder has the key.
     *
     * @param holder      the item as the failed condition saw it; {@code null} when the server did
     *                    not return it and it was not needed
     * @param seenAtNanos this node's monotonic clock when the answer showing it arrived
     */
    record Busy(LockItem holder, long seenAtNanos) implements Acquire {
    }

    private final DynamoDbClient client;
    private final String table;
    private final String owner;
    private final long leaseMs;
    private final long clockSkewMs;
    private final boolean observe;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final Host host;
    private final ClockSkewGuard guard;
    private final PendingAcquires pending;
    /** The client's own bound on a whole call, if it has one: a renewal's bound never exceeds it. */
    private final Duration clientCallTimeout;

    /** A protocol that times on the system's monotonic clock and whose guard never refuses (for tests and tools). */
    LockProtocol(DynamoDbClient client, LockSettings settings, Clock clock) {
        this(client, settings, Host.system(clock), new ClockSkewGuard(settings.clockSkew(), false, Host.system()::nanoTime));
    }

    LockProtocol(DynamoDbClient client, LockSettings settings, Host host, ClockSkewGuard guard) {
        this.client = client;
        this.table = settings.table();
        this.owner = settings.owner();
        this.leaseMs = settings.lease().toMillis();
        this.clockSkewMs = settings.clockSkew().toMillis();
        this.observe = settings.takeover() == LockSettings.Takeover.OBSERVE;
        this.clock = host.wallClock();
        this.nanoClock = host::nanoTime;
        this.host = host;
        this.guard = guard;
        this.pending = new PendingAcquires(settings.lease().multipliedBy(2).toNanos());
        this.clientCallTimeout = client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()
                .orElse(null);
    }

    String owner() {
        return owner;
    }

    Duration lease() {
        return Duration.ofMillis(leaseMs);
    }

    /** As {@link #acquire(String, Observations.Seen)} with nothing observed. */
    Acquire acquire(String key) {
        return acquire(key, null);
    }

    /**
     * Takes the key when nobody holds it or its holder's lease ran out: by the clocks (expired by
     * more than the clock skew on this node's clock), or, in observe mode, when the item is
     * still exactly the version {@code takeOver} that was seen unchanged for its lease. The fence
     * is seeded from the clock so that it keeps rising even after the item was purged.
     *
     * <p>An earlier attempt of this manager whose answer was lost may have taken the key: a
     * failed condition that finds this owner's write of such an attempt adopts it (see
     * {@link PendingAcquires}).
     *
     * @param takeOver in observe mode, the ripe version to take over from; otherwise {@code null}
     * @throws SdkException when DynamoDB did not answer; the attempt is remembered when it may
     *     have been applied
     */
    Acquire acquire(String key, Observations.Seen takeOver) {
        long sentNanos = nanoClock.getAsLong();
        long now = clock.millis();
        long expires = now + leaseMs;
        long nonce = 1 + host.random(Long.MAX_VALUE - 1);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":nonce", number(nonce));
        values.put(":me", string(owner));
        values.put(":expires", number(expires));
        values.put(":lease", number(leaseMs));
        values.put(":zero", ZERO);
        values.put(":now", number(now));
        values.put(":one", ONE);
        String condition;
        if (!observe) {
            condition = CLOCK_CONDITION;
            values.put(":cutoff", number(now - clockSkewMs));
        } else if (takeOver == null) {
            condition = FREE_CONDITION;
        } else {
            condition = OBSERVED_CONDITION;
            values.put(":seenFence", number(takeOver.fence()));
            values.put(":seenBeat", number(takeOver.beat()));
        }
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(table)
                .key(keyOf(key))
                .updateExpression(ACQUIRE_UPDATE)
                .conditionExpression(condition)
                .expressionAttributeNames(ACQUIRE_NAMES)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            UpdateItemResponse response = call(() -> client.updateItem(request));
            pending.forget(key);
            return new Acquired(LockItem.from(response.attributes()).fence(), sentNanos, false);
        } catch (ConditionalCheckFailedException e) {
            long seenAt = nanoClock.getAsLong();
            if (retried(e)) {
                // The SDK sent this same request more than once: an earlier try may have been applied.
                pending.record(key, expires, nonce, sentNanos);
            }
            LockItem holder = e.hasItem() ? LockItem.from(e.item()) : null;
            if (holder == null && (observe || pending.any(key, seenAt))) {
                // A server that ignores ReturnValuesOnConditionCheckFailure: one read, only when the answer matters.
                holder = read(key);
                seenAt = nanoClock.getAsLong();
            }
            if (holder != null && owner.equals(holder.owner()) && holder.beat() == 0) {
                long ownSend = pending.sentAt(key, holder.expiresMs(), holder.nonce(), seenAt);
                if (ownSend >= 0) {
                    pending.forget(key);
                    return new Acquired(holder.fence(), ownSend, true);
                }
            }
            return new Busy(holder, seenAt);
        } catch (SdkException e) {
            if (mayHaveBeenApplied(e)) {
                pending.record(key, expires, nonce, sentNanos);
            }
            throw e;
        }
    }

    /**
     * @return whether a failed request may still have been applied: an I/O failure or timeout, a
     *     server error, or any failure after the SDK had already sent it more than once
     */
    static boolean mayHaveBeenApplied(SdkException e) {
        if (e.numAttempts() != null && e.numAttempts() > 1) {
            return true;
        }
        if (e instanceof SdkClientException) {
            return true;
        }
        return e instanceof AwsServiceException ase && ase.statusCode() >= 500;
    }

    private static boolean retried(SdkException e) {
        Integer attempts = e.numAttempts();
        return attempts != null && attempts > 1;
    }

    /**
     * Extends the lease of a held lock.
     *
     * @param callTimeout bound on the whole call, SDK retries included (an answer after the
     *                    lock's deadline is of no use), or {@code null} for the client's own
     * @return {@code false} when the item no longer names this owner and fence (stolen), or the
     *     table is gone
     */
    boolean renew(String key, long fence, Duration callTimeout) {
        long now = clock.millis();
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table)
                .key(keyOf(key))
                .updateExpression(RENEW_UPDATE)
                .conditionExpression(HOLDER_CONDITION)
                .expressionAttributeNames(RENEW_NAMES)
                .expressionAttributeValues(Map.of(
                        ":expires", number(now + leaseMs),
                        ":one", ONE,
                        ":me", string(owner),
                        ":fence", number(fence)));
        if (callTimeout != null) {
            Duration bound = clientCallTimeout != null && clientCallTimeout.compareTo(callTimeout) < 0
                    ? clientCallTimeout : callTimeout;
            request.overrideConfiguration(o -> o.apiCallTimeout(bound));
        }
        try {
            call(() -> client.updateItem(request.build()));
            return true;
        } catch (ConditionalCheckFailedException | ResourceNotFoundException e) {
            return false;
        }
    }

    /** As {@link #renew(String, long, Duration)} with the client's own timeouts. */
    boolean renew(String key, long fence) {
        return renew(key, fence, null);
    }

    /**
     * Releases a held lock, keeping the item so that the fence keeps rising.
     *
     * @return {@code false} when the lock had been lost (another owner or fence on the item, or
     *     the table gone)
     */
    boolean release(String key, long fence) {
        long now = clock.millis();
        try {
            call(() -> client.updateItem(UpdateItemRequest.builder()
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
                    .build()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            if (!retried(e)) {
                return false;
            }
            // A retried release whose first answer was lost finds its own work done: no owner, same fence.
            // Anything else cannot be told apart from a loss, and is reported as one.
            LockItem item = e.hasItem() ? LockItem.from(e.item()) : read(key);
            return item != null && !item.isHeld() && item.fence() == fence;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /**
     * Frees {@code key} when an acquire of this manager that its caller gave up on (interrupted
     * while the request was in flight) was applied after all: the item names this owner, was never
     * renewed, and carries the expiry that one of this manager's unanswered attempts wrote.
     *
     * @return whether such a write was found and released
     */
    boolean releaseAbandoned(String key) {
        LockItem item = read(key);
        if (item == null || !owner.equals(item.owner()) || item.beat() != 0
                || pending.sentAt(key, item.expiresMs(), item.nonce(), nanoClock.getAsLong()) < 0) {
            return false;
        }
        boolean released = release(key, item.fence());
        pending.forget(key);
        return released;
    }

    /** @return the item as stored (strongly consistent read), or {@code null} when there is none */
    LockItem read(String key) {
        return LockItem.from(call(() -> client.getItem(GetItemRequest.builder()
                .tableName(table)
                .key(keyOf(key))
                .consistentRead(true)
                .build())).item());
    }

    /** Runs one call and lets the guard read the server's clock off its answer, failed or not. */
    private <T extends AwsResponse> T call(Supplier<T> send) {
        return guard.timed(clock, send);
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
