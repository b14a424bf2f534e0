package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Each local backend, started explicitly (whatever the build's backend setting) so that both are
 * exercised wherever their tools are installed.
 */
class LocalServersTest {

    @ParameterizedTest
    @ValueSource(strings = {"moto", "dynalite"})
    void startsOnLoopbackServesATableAndFreesItsPortWhenClosed(String backend) {
        int port;
        try (DynamoDbServer server = start(backend)) {
            URI endpoint = server.endpoint();
            assertEquals("http", endpoint.getScheme());
            assertEquals("127.0.0.1", endpoint.getHost());
            assertEquals(backend, server.backend());
            assertEquals(Region.US_EAST_1, server.region());
            port = endpoint.getPort();
            try (DynamoDbClient client = server.newClient()) {
                String table = Tables.createActive(client);
                Tables.assertPutThenGet(client, table);
            }
        }
        Tables.assertPortClosed(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"moto", "dynalite"})
    void restartKeepsThePortAndLosesAllState(String backend) {
        try (DynamoDbServer server = start(backend); DynamoDbClient client = server.newClient()) {
            assertTrue(server.supportsRestart());
            URI before = server.endpoint();
            Tables.createActive(client);
            assertEquals(1, client.listTables().tableNames().size());

            server.restart();

            assertEquals(before, server.endpoint());
            // The client built before the restart still reaches the server, which has forgotten everything.
            assertTrue(client.listTables().tableNames().isEmpty());
            String table = Tables.createActive(client);
            Tables.assertPutThenGet(client, table);
        }
    }

    private static DynamoDbServer start(String backend) {
        Supplier<DynamoDbServer> starter;
        switch (backend) {
            case "moto":
                assumeTrue(DynamoDbServers.motoAvailable(), "moto_server is not on the PATH");
                starter = DynamoDbServers::startMoto;
                break;
            case "dynalite":
                assumeTrue(DynamoDbServers.dynaliteAvailable(), "node and npm are not on the PATH");
                starter = DynamoDbServers::startDynalite;
                break;
            default:
                throw new IllegalArgumentException(backend);
        }
        return starter.get();
    }
}
