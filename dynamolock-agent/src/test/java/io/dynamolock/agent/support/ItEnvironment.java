package io.dynamolock.agent.support;

import io.dynamolock.DynamoLock;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The environment of the agent's integration tests, which run in a JVM started with
 * {@code -javaagent:dynamolock-agent.jar} (see the failsafe configuration): the shared test server
 * of {@code dynamolock-testing}, and in front of it a {@link CountingProxy} on the port the agent
 * was told at JVM start ({@code dynamolock.it.port}). One per JVM; injected as {@link Env}.
 */
public final class ItEnvironment implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ItEnvironment.class);

    /** The table the agent uses in the integration-test JVM (set in the failsafe argLine). */
    public static final String TABLE = System.getProperty("dynamolock.table", "dynamolock-agent-it");

    /** What the tests get. */
    public static final class Env implements AutoCloseable {
        private final DynamoDbServer server;
        private final CountingProxy proxy;
        private final DynamoDbClient client;

        Env(DynamoDbServer server) {
            this.server = server;
            int port = Integer.getInteger("dynamolock.it.port", -1);
            if (port <= 0) {
                throw new IllegalStateException("dynamolock.it.port is not set: run the agent's integration tests"
                        + " with Maven (mvn verify -pl dynamolock-agent), which starts the JVM with the agent");
            }
            try {
                this.proxy = new CountingProxy(port, server.endpoint());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.client = server.newClient();
            // Waits until the agent's manager created the table, so tests can read and write items.
            DynamoLock.manager().start();
        }

        /** @return the test server */
        public DynamoDbServer server() {
            return server;
        }

        /** @return the proxy the agent talks through */
        public CountingProxy proxy() {
            return proxy;
        }

        /** @return a client straight to the server (its requests are not counted) */
        public DynamoDbClient client() {
            return client;
        }

        /** @return the server's endpoint, for child JVMs that talk to it directly */
        public URI endpoint() {
            return server.endpoint();
        }

        /**
         * @param key the lock key
         * @return the item as stored, empty when there is none
         */
        public Map<String, AttributeValue> item(String key) {
            return client.getItem(b -> b.tableName(TABLE).consistentRead(true)
                    .key(Map.of("id", AttributeValue.fromS(key)))).item();
        }

        /**
         * Writes an item that says another owner holds {@code key}, as another node would.
         *
         * @param key     the lock key
         * @param owner   the other owner's id
         * @param expires when its lease expires
         * @param fence   its fencing token
         */
        public void holdAsOther(String key, String owner, Instant expires, long fence) {
            client.putItem(b -> b.tableName(TABLE).item(Map.of(
                    "id", AttributeValue.fromS(key),
                    "owner", AttributeValue.fromS(owner),
                    "expires", AttributeValue.fromN(Long.toString(expires.toEpochMilli())),
                    "lease", AttributeValue.fromN("60000"),
                    "fence", AttributeValue.fromN(Long.toString(fence)),
                    "beat", AttributeValue.fromN("0"),
                    "purge_at", AttributeValue.fromN(Long.toString(expires.getEpochSecond() + 86_400)))));
        }

        /** Takes {@code key} over for another owner, with a higher fence, as a node that saw it expire would. */
        public void steal(String key) {
            holdAsOther(key, "thief-" + UUID.randomUUID(), Instant.now().plusSeconds(60), Long.MAX_VALUE / 2);
        }

        @Override
        public void close() {
            client.close();
            proxy.close();
        }
    }

    /** Created by JUnit through {@code @ExtendWith}. */
    public ItEnvironment() {
    }

    private static Env env(ExtensionContext context) {
        DynamoDbServer server = DynamoDbServerExtension.server(context);
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Env.class, k -> new Env(server), Env.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        env(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Env.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return env(extensionContext);
    }

    /**
     * @param what a word for the test
     * @return a lock key no other test uses
     */
    public static String uniqueKey(String what) {
        return what + "-" + UUID.randomUUID();
    }
}
