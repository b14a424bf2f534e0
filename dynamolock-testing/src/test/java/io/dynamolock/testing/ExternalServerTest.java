package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class ExternalServerTest {

    @Test
    void externalServerCannotBeRestartedAndIsNotStoppedByClose() {
        DynamoDbServer server = DynamoDbServers.external(URI.create("http://localhost:8000"));
        assertEquals("external", server.backend());
        assertFalse(server.supportsRestart());
        UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class, server::restart);
        assertTrue(error.getMessage().contains("moto or dynalite"), error.getMessage());
        server.close();
    }

    @Test
    void loopbackEndpointsGetFakeCredentialsOthersTheDefaultChain() {
        assertInstanceOf(StaticCredentialsProvider.class,
                DynamoDbServers.external(URI.create("http://[::1]:8000")).credentialsProvider());
        assertInstanceOf(DefaultCredentialsProvider.class,
                DynamoDbServers.external(URI.create("https://dynamodb.eu-west-1.amazonaws.com")).credentialsProvider());
    }

    @Test
    void endpointThatIsNotAnHttpUrlIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DynamoDbServers.external(URI.create("localhost:8000")));
    }
}
