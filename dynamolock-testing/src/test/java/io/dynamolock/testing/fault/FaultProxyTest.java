package io.dynamolock.testing.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServerExtension;
import io.dynamolock.testing.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

@ExtendWith(DynamoDbServerExtension.class)
class FaultProxyTest {

    private DynamoDbServer server;
    private FaultProxy proxy;
    private DynamoDbClient direct;
    private DynamoDbClient proxied;
    private String table;

    @BeforeEach
    void setUp(DynamoDbServer server) {
        this.server = server;
        this.proxy = FaultProxy.start(server.endpoint());
        this.direct = server.newClient();
        // No SDK retries and a short attempt timeout, so each call is exactly one request.
        this.proxied = server.clientBuilder().endpointOverride(proxy.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofMillis(700)))
                .build();
        this.table = createActive(direct);
    }

    @AfterEach
    void tearDown() {
        proxied.close();
        direct.close();
        proxy.close();
    }

    @Test
    void requestsNoRuleMatchesPassUnchangedAndAreLoggedByOperation() {
        add("a", 1, proxied);
        assertEquals(1, read(proxied, "a"));
        assertEquals(List.of("UpdateItem", "GetItem"), proxy.exchanges().stream().map(Exchange::operation).toList());
        assertTrue(proxy.exchanges().stream().allMatch(e -> e.forwarded() && e.status() == 200), proxy.exchanges().toString());
    }

    @Test
    void droppedResponseLeavesTheRequestAppliedWhileTheClientSeesAFailure() {
        FaultProxy.Injection drop = proxy.inject(FaultRule.on("UpdateItem").times(1).then(Fault.dropResponse()));
        assertThrows(SdkClientException.class, () -> add("a", 1, proxied));
        assertEquals(1, count("a"), "the server applied the request whose answer was dropped");
        assertEquals(1, drop.hits());
        add("a", 1, proxied);
        assertEquals(2, count("a"), "the rule was used up after one request");
    }

    @Test
    void delayedResponseOutlastingTheClientsTimeoutWasStillApplied() {
        proxy.inject(FaultRule.on("UpdateItem").times(1).then(Fault.delayResponse(Duration.ofMillis(1200))));
        assertThrows(SdkException.class, () -> add("a", 1, proxied));
        assertEquals(1, count("a"));
    }

    @Test
    void resetAndBlackHoleNeverReachTheServer() {
        proxy.inject(FaultRule.on("UpdateItem").times(1).then(Fault.reset()));
        assertThrows(SdkClientException.class, () -> add("a", 1, proxied));
        proxy.inject(FaultRule.on("UpdateItem").then(Fault.hang()));
        long start = System.nanoTime();
        assertThrows(SdkClientException.class, () -> add("a", 1, proxied));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(600).toNanos(), "the black hole answered early");
        proxy.heal();
        assertEquals(0, count("a"));
        assertEquals(0, proxy.forwarded("UpdateItem"));
        add("a", 1, proxied);
        assertEquals(1, count("a"), "healed: requests pass again");
    }

    @Test
    void throttlingAndServerErrorsReachTheSdkAsDynamoDbsOwnErrors() {
        proxy.inject(FaultRule.on("UpdateItem").times(4).then(Fault.provisionedThroughputExceeded(),
                Fault.throttling(), Fault.internalServerError(), Fault.serviceUnavailable()));
        AwsServiceException provisioned = assertThrows(ProvisionedThroughputExceededException.class,
                () -> add("a", 1, proxied));
        assertTrue(provisioned.isThrottlingException());
        AwsServiceException throttling = assertThrows(AwsServiceException.class, () -> add("a", 1, proxied));
        assertEquals("ThrottlingException", throttling.awsErrorDetails().errorCode());
        assertTrue(throttling.isThrottlingException());
        assertEquals(500, assertThrows(AwsServiceException.class, () -> add("a", 1, proxied)).statusCode());
        assertEquals(503, assertThrows(AwsServiceException.class, () -> add("a", 1, proxied)).statusCode());
        assertEquals(0, count("a"), "error answers are given instead of forwarding");
    }

    @Test
    void rulesApplyToTheirOperationBodyAndWindowOnly() throws InterruptedException {
        proxy.inject(FaultRule.on("UpdateItem").whenBodyContains("\"b\"").then(Fault.reset()));
        add("a", 1, proxied);
        assertThrows(SdkClientException.class, () -> add("b", 1, proxied));
        assertEquals(1, count("a"), "GetItem and other keys' UpdateItems pass");

        proxy.heal();
        proxy.inject(FaultRule.onAny().during(Duration.ofMillis(300)).then(Fault.serviceUnavailable()));
        assertThrows(AwsServiceException.class, () -> add("c", 1, proxied));
        Thread.sleep(400);
        add("c", 1, proxied);
        assertEquals(1, count("c"), "the window closed");
    }

    @Test
    void serverClockOffsetShowsInTheDateHeaderOfEveryAnswer() {
        proxy.serverClockOffset(Duration.ofHours(1));
        UpdateItemResponse response = proxied.updateItem(u -> u.tableName(table).key(key("a"))
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        Instant date = ZonedDateTime.parse(response.sdkHttpResponse().firstMatchingHeader("Date").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration off = Duration.between(Instant.now(), date);
        assertTrue(off.compareTo(Duration.ofMinutes(59)) > 0 && off.compareTo(Duration.ofMinutes(61)) < 0, off.toString());

        proxy.inject(FaultRule.on("GetItem").times(1).then(Fault.throttling()));
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> read(proxied, "a"));
        assertTrue(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Date").isPresent());
    }

    @Test
    void closedProxyRefusesConnections() {
        proxy.close();
        assertThrows(SdkClientException.class, () -> add("a", 1, proxied));
        assertFalse(proxy.exchanges().stream().anyMatch(e -> e.operation().equals("UpdateItem")));
    }

    private void add(String id, long n, DynamoDbClient client) {
        client.updateItem(u -> u.tableName(table).key(key(id)).updateExpression("ADD n :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(n)))));
    }

    /** Reads around the proxy, so the proxy's log and rules are not touched. */
    private long count(String id) {
        return read(direct, id);
    }

    private long read(DynamoDbClient client, String id) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).key(key(id)).consistentRead(true))
                .item();
        return item == null || !item.containsKey("n") ? 0 : Long.parseLong(item.get("n").n());
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static String createActive(DynamoDbClient client) {
        String name = TestTables.uniqueName("proxytest");
        client.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                if (client.describeTable(d -> d.tableName(name)).table().tableStatus() == TableStatus.ACTIVE) {
                    return name;
                }
            } catch (ResourceNotFoundException e) {
                // just created: not listed yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("table " + name + " did not become ACTIVE within 10 s");
    }
}
