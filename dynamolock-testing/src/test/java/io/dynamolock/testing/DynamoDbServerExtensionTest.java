package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(DynamoDbServerExtension.class)
class DynamoDbServerExtensionTest {

    private final DynamoDbServer injectedIntoConstructor;

    DynamoDbServerExtensionTest(DynamoDbServer server) {
        this.injectedIntoConstructor = server;
    }

    @Test
    void injectsOneRunningServerIntoConstructorAndMethod(DynamoDbServer server) {
        assertSame(injectedIntoConstructor, server);
        assertTrue(Set.of("moto", "dynalite", "localstack", "external").contains(server.backend()), server.backend());
        try (DynamoDbClient client = server.newClient()) {
            String table = Tables.createActive(client);
            Tables.assertPutThenGet(client, table);
        }
    }

    @Nested
    class AnotherTestClass {
        @Test
        void getsTheSameServer(DynamoDbServer server) {
            assertSame(injectedIntoConstructor, server);
        }
    }
}
