package io.dynamolock.testing;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * LocalStack's DynamoDB in a Docker container run by Testcontainers. This is the only class that
 * touches Testcontainers, and it is loaded only when the chooser goes that way, so a machine
 * without Docker never pays for it.
 */
final class LocalStackServer implements DynamoDbServer {

    static final String IMAGE = "localstack/localstack:3";

    private final LocalStackContainer container;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalStackServer(LocalStackContainer container) {
        this.container = container;
        this.endpoint = container.getEndpoint();
        this.region = Region.of(container.getRegion());
        this.credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
    }

    /** Asks Testcontainers whether it can reach a Docker daemon; false on any failure. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts the container (pulling the image if needed) and returns once LocalStack is ready. */
    static LocalStackServer start() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices(LocalStackContainer.Service.DYNAMODB);
        try {
            container.start();
            return new LocalStackServer(container);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public String backend() {
        return Backend.LOCALSTACK.id();
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
        throw new UnsupportedOperationException("restart() is not supported for LocalStack: a new container"
                + " would get another port. Use the moto or dynalite backend for tests that restart the server.");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            container.stop();
        }
    }

    @Override
    public String toString() {
        return "localstack at " + endpoint;
    }
}
