package io.dynamolock.testing;

import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** A server someone else runs: this JVM only talks to it, so it neither stops nor restarts it. */
final class ExternalServer extends RemoteServer {

    ExternalServer(URI endpoint, Region region) {
        // Real DynamoDB needs real credentials; a server on this machine takes any.
        super(Backend.EXTERNAL, validate(endpoint), region, Clients.isLoopback(endpoint)
                ? Clients.FAKE_CREDENTIALS
                : DefaultCredentialsProvider.builder().build());
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
    String whyNoRestart() {
        return "this JVM does not run it";
    }

    @Override
    public void close() {
        // Not ours to stop.
    }

    @Override
    public String toString() {
        return "external server at " + endpoint() + " (" + region() + ")";
    }
}
