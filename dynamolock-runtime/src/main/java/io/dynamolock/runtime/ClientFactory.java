package io.dynamolock.runtime;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the DynamoDB client the manager uses when none is supplied, with timeouts and retries
 * sized to the lease (the README's "Configuration" states them): one request attempt times out
 * after lease/6 (0.5 s to 5 s), and a call makes at most 3 attempts with backoff capped at
 * lease/10 (0.1 s to 1 s), throttling included.
 */
final class ClientFactory {

    private ClientFactory() {
    }

    /**
     * @param settings    region, endpoint and lease
     * @param credentials credentials, or {@code null} for the SDK's default chain
     * @return a new client, which the caller closes
     */
    static DynamoDbClient newClient(LockSettings settings, AwsCredentialsProvider credentials) {
        Duration attempt = settings.requestAttemptTimeout();
        // The SDK's default for DynamoDB is 9 attempts with throttling backoff from 0.5 s up to 20 s: one
        // throttled renewal could then block past its lock's deadline. Three attempts with backoff capped
        // well inside the lease keep a call short; the heartbeat and the wait loop retry beyond that.
        Duration backoffCap = settings.requestBackoffCap();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(attempt)
                        .socketTimeout(attempt)
                        .build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(attempt)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), backoffCap))
                                .throttlingBackoffStrategy(
                                        BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(50), backoffCap))
                                .build()));
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        settings.region().ifPresent(r -> builder.region(Region.of(r)));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
