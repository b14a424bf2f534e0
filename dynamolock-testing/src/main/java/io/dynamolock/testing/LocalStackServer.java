package io.dynamolock.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * LocalStack's DynamoDB in a Docker container run by Testcontainers. This is the only class that
 * touches Testcontainers, and it is loaded only when the chooser goes that way, so a machine
 * without Docker never pays for it.
 */
final class LocalStackServer extends RemoteServer {

    static final String IMAGE = "localstack/localstack:3";

    private final LocalStackContainer container;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalStackServer(LocalStackContainer container) {
        super(Backend.LOCALSTACK, container.getEndpoint(), Region.of(container.getRegion()),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey())));
        this.container = container;
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
    String whyNoRestart() {
        return "a new container would get another port";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            container.stop();
        }
    }

    @Override
    public String toString() {
        return "localstack at " + endpoint();
    }
}
