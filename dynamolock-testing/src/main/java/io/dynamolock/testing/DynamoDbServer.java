package io.dynamolock.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * A running DynamoDB-compatible server and the means to talk to it. Get one from
 * {@link DynamoDbServers} or, in a test, have {@link DynamoDbServerExtension} inject the shared one.
 *
 * <p>Servers are thread safe. Closing stops a server this JVM started (a local process or a
 * container) and does nothing to an external one; it is idempotent.
 */
public interface DynamoDbServer extends AutoCloseable {

    /**
     * @return which kind of server this is: {@code moto}, {@code dynalite}, {@code localstack} or
     *     {@code external} (the {@link Backend#id()} of its backend)
     */
    String backend();

    /**
     * @return the endpoint to send DynamoDB requests to, e.g. {@code http://127.0.0.1:41234}
     */
    URI endpoint();

    /**
     * @return the signing region; {@code us-east-1} for local servers
     */
    default Region region() {
        return Region.US_EAST_1;
    }

    /**
     * @return the credentials clients should sign with: the fixed fake pair {@code test}/{@code test}
     *     for local servers, the SDK's default chain for a non-loopback external endpoint
     */
    AwsCredentialsProvider credentialsProvider();

    /**
     * A client builder already set up for this server: endpoint override, region, credentials and
     * an HTTP client from {@code url-connection-client} (owned by, and closed with, the client).
     * Callers may change anything before building, e.g. timeouts or the retry strategy.
     *
     * @return a new builder; each call returns an independent one
     */
    default DynamoDbClientBuilder clientBuilder() {
        return Clients.builder(endpoint(), region(), credentialsProvider());
    }

    /**
     * Builds a synchronous client for this server; the caller closes it.
     *
     * @param interceptors added to the client in order, e.g. to count or fail requests
     * @return a new client
     */
    default DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = clientBuilder();
        if (interceptors.length > 0) {
            builder.overrideConfiguration(config -> {
                for (ExecutionInterceptor interceptor : interceptors) {
                    config.addExecutionInterceptor(interceptor);
                }
            });
        }
        return builder.build();
    }

    /**
     * @return whether {@link #restart()} is supported: true for the local process backends (moto,
     *     dynalite), false for LocalStack and external servers
     */
    default boolean supportsRestart() {
        return false;
    }

    /**
     * Stops the server and starts it again on the same endpoint, with all its state (tables,
     * items) lost, and returns once it answers again. Clients built earlier keep working: their
     * requests fail while it is down and succeed once it is back.
     *
     * @throws UnsupportedOperationException for LocalStack and external servers, which this JVM
     *     cannot restart in place
     * @throws IllegalStateException when the server was closed or does not come back
     */
    void restart();

    /**
     * Stops the server if this JVM started it; idempotent, never throws.
     */
    @Override
    void close();
}
