package io.dynamolock.testing;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds SDK clients for the servers; shared by every backend so they all behave alike. */
final class Clients {

    /** Local servers accept any signature; a fixed pair keeps runs reproducible. */
    static final AwsCredentialsProvider FAKE_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private Clients() {
    }

    static DynamoDbClientBuilder builder(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(http(endpoint));
    }

    /**
     * A client that gives up fast and never retries, for polling a server that is starting:
     * the poll loop is the retry, and its deadline is the bound.
     */
    static DynamoDbClient probe(URI endpoint) {
        return builder(endpoint, Region.US_EAST_1, FAKE_CREDENTIALS)
                .httpClientBuilder(http(endpoint)
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static UrlConnectionHttpClient.Builder http(URI endpoint) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (isLoopback(endpoint)) {
            // A proxy set up for the outside world (HTTP_PROXY, https.proxyHost) must not see
            // requests meant for a server on this machine.
            http.proxyConfiguration(proxy -> proxy.useSystemPropertyValues(false)
                    .useEnvironmentVariablesValues(false));
        }
        return http;
    }

    /** True for {@code localhost} and loopback IP literals; never resolves a name through DNS. */
    static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean literal = host.contains(":") || host.matches("[0-9.]+");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
