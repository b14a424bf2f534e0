package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.OffsetClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The clock-skew guard at the edges of one acquire: what an answer shows is acted on at once. */
@ExtendWith(FixtureExtension.class)
class ClockGuardEdgesTest {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }


    @Test
    void anAcquireWhoseAnswerShowsTheClockIsOffIsNeverHandedOutEvenWhenTheNextAnswerClearsTheGuard() {
        // The node's clock is an hour ahead until the acquire's answer arrives, then right again (NTP
        // stepped it): the acquire's answer makes the guard refuse; the release that frees the key
        // again is the answer that starts the estimate over. The lock must not be handed out.
        OffsetClock clock = new OffsetClock();
        clock.set(Duration.ofHours(1).toMillis());
        ExecutionInterceptor stepBackAfterAcquire = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest u && u.updateExpression().startsWith("SET #owner")) {
                    clock.set(0);
                }
            }
        };
        DynamoDbClient client = fixture.closeLater(fixture.server.newClient(stepBackAfterAcquire));
        DynamoDbLockManager manager = fixture.manager("node-a", b -> b.dynamoDbClient(client).clock(clock));
        manager.start();

        assertThrows(LockUnavailableException.class, () -> manager.acquire("k", Duration.ZERO));

        assertTrue(manager.heldKeys().isEmpty(), "held: " + manager.heldKeys());
        Map<String, AttributeValue> item = fixture.client.getItem(r -> r.tableName(fixture.table)
                .key(Map.of("id", AttributeValue.fromS("k"))).consistentRead(true)).item();
        assertFalse(item.containsKey("owner"), "the key was freed again: " + item);
    }

    @Test
    void aNodeWhoseClockIsAnHourAheadIsRefusedItsFirstAcquireInsteadOfTakingALiveLock() {
        DynamoDbLockManager holder = fixture.started("holder");
        holder.acquire("k", Duration.ZERO);
        OffsetClock clock = new OffsetClock();
        clock.set(Duration.ofHours(1).toMillis());
        DynamoDbLockManager ahead = fixture.manager("ahead", b -> b.clock(clock));
        ahead.start(); // its only answer so far: the table check's

        LockUnavailableException e = assertThrows(LockUnavailableException.class,
                () -> ahead.acquire("k", Duration.ZERO));

        assertTrue(e.getMessage().contains("ahead of DynamoDB's"), e.getMessage());
        Map<String, AttributeValue> item = fixture.client.getItem(r -> r.tableName(fixture.table)
                .key(Map.of("id", AttributeValue.fromS("k"))).consistentRead(true)).item();
        assertTrue(item.containsKey("owner") && "holder".equals(item.get("owner").s()), "the live lock was taken: " + item);
    }
}
