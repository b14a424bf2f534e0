package io.dynamolock.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A server this JVM talks to at a fixed address and cannot restart: an external one, or a
 * container (a new one would get another port).
 */
abstract class RemoteServer implements DynamoDbServer {
    private final Backend backend;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    RemoteServer(Backend backend, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.backend = backend;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    @Override
    public final String backend() {
        return backend.id();
    }

    @Override
    public final URI endpoint() {
        return endpoint;
    }

    @Override
    public final Region region() {
        return region;
    }

    @Override
    public final AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    @Override
    public final void restart() {
        throw new UnsupportedOperationException("restart() is not supported for " + this + ": " + whyNoRestart()
                + ". Use the moto or dynalite backend for tests that restart the server.");
    }

    /** @return why this server cannot be restarted from here */
    abstract String whyNoRestart();
}
