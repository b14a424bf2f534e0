package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** What the server tests do with a table, written once. */
final class Tables {

    private Tables() {
    }

    /** Creates a lock-shaped table and waits until it is ACTIVE (dynalite starts in CREATING). */
    static String createActive(DynamoDbClient client) {
        String name = TestTables.uniqueName("servertest");
        client.createTable(request -> request.tableName(name)
                .attributeDefinitions(definition -> definition.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(key -> key.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            try {
                if (client.describeTable(request -> request.tableName(name)).table().tableStatus()
                        == TableStatus.ACTIVE) {
                    return name;
                }
            } catch (ResourceNotFoundException e) {
                // Just created: a server may not list it yet.
            }
            sleep(50);
        }
        return fail("table " + name + " did not become ACTIVE within 10 s");
    }

    /** Writes one item and reads it back with a consistent read. */
    static void assertPutThenGet(DynamoDbClient client, String table) {
        Map<String, AttributeValue> item = Map.of(
                "id", AttributeValue.fromS("order-42"),
                "owner", AttributeValue.fromS("node-a"),
                "fence", AttributeValue.fromN("7"));
        client.putItem(request -> request.tableName(table).item(item));
        Map<String, AttributeValue> read = client.getItem(request -> request.tableName(table)
                .key(Map.of("id", AttributeValue.fromS("order-42"))).consistentRead(true)).item();
        assertEquals(item, read);
    }

    /** Nothing accepts connections on the port any more. */
    static void assertPortClosed(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }, "port " + port + " still accepts connections");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
