package io.dynamolock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BackendSelectionTest {

    private static final BooleanSupplier NO_DOCKER = () -> false;

    @Test
    void unknownBackendValueIsRejectedNamingItAndTheAcceptedValues() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Backend.fromSettings("mongodb", null));
        assertTrue(error.getMessage().contains("'mongodb'"), error.getMessage());
        assertTrue(error.getMessage().contains("system property dynamolock.test.backend"), error.getMessage());
        assertTrue(error.getMessage().contains("auto, external, localstack, moto, dynalite"), error.getMessage());

        IllegalArgumentException fromEnvironment = assertThrows(IllegalArgumentException.class,
                () -> Backend.fromSettings(null, "dynamo-local"));
        assertTrue(fromEnvironment.getMessage().contains("'dynamo-local'"), fromEnvironment.getMessage());
        assertTrue(fromEnvironment.getMessage().contains("DYNAMOLOCK_TEST_BACKEND"), fromEnvironment.getMessage());
    }

    @Test
    void propertyWinsOverEnvironmentCaseAndBlanksAreIgnored() {
        assertEquals(Backend.MOTO, Backend.fromSettings(" MOTO ", "dynalite"));
        assertEquals(Backend.DYNALITE, Backend.fromSettings("  ", "dynalite"));
        assertEquals(Backend.AUTO, Backend.fromSettings(null, ""));
        assertEquals(Backend.LOCALSTACK, Backend.parse("LocalStack"));
    }

    @Test
    void autoPrefersEndpointThenDockerThenMotoThenDynalite() {
        AtomicBoolean dockerAsked = new AtomicBoolean();
        BooleanSupplier docker = () -> {
            dockerAsked.set(true);
            return true;
        };
        assertEquals(Backend.EXTERNAL, DynamoDbServers.chooseAuto(true, docker, true, true));
        assertFalse(dockerAsked.get(), "Docker must not be probed when an endpoint is set");
        assertEquals(Backend.LOCALSTACK, DynamoDbServers.chooseAuto(false, docker, true, true));
        assertEquals(Backend.MOTO, DynamoDbServers.chooseAuto(false, NO_DOCKER, true, true));
        assertEquals(Backend.DYNALITE, DynamoDbServers.chooseAuto(false, NO_DOCKER, false, true));
    }

    @Test
    void autoWithNothingAvailableSaysHowToGetAServer() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> DynamoDbServers.chooseAuto(false, NO_DOCKER, false, false));
        assertTrue(error.getMessage().contains("pip install \"moto[server]\""), error.getMessage());
        assertTrue(error.getMessage().contains("Node.js"), error.getMessage());
        assertTrue(error.getMessage().contains("DYNAMOLOCK_TEST_ENDPOINT"), error.getMessage());
    }

    @Test
    void localStackWithoutDockerIsSkippedNotFailed() {
        assumeFalse(LocalStackServer.dockerAvailable(), "Docker is available here, so LocalStack would start");
        assertThrows(TestAbortedException.class, DynamoDbServers::startLocalStack);
    }
}
