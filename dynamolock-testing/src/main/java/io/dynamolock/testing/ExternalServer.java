package io.dynamolock.testing;

import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** A server someone else runs: this JVM only talks to it, so it neither stops nor restarts it. */
final class ExternalServer implements DynamoDbServer {

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    ExternalServer(URI endpoint, Region region) {
        this.endpoint = validate(endpoint);
        this.region = region;
        // Real DynamoDB needs real credentials; a server on this machine takes any.
        this.credentials = Clients.isLoopback(endpoint)
                ? Clients.FAKE_CREDENTIALS
                : DefaultCredentialsProvider.builder().build();
    }

    private static URI validate(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("DynamoDB endpoint '" + endpoint
                    + "' is not an http(s) URL with a host, e.g. http://localhost:8000");
        }
        return endpoint;
    }

    @Override
    public String backend() {
        return Backend.EXTERNAL.id();
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    @Override
    public void restart() {
        throw new UnsupportedOperationException("restart() is not supported for an external server (" + endpoint
                + "): this JVM does not run it. Use the moto or dynalite backend for tests that restart the server.");
    }

    @Override
    public void close() {
        // Not ours to stop.
    }

    @Override
    public String toString() {
        return "external server at " + endpoint + " (" + region + ")";
    }
}
