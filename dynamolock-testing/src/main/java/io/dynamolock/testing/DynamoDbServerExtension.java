package io.dynamolock.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that injects a running {@link DynamoDbServer} into test constructors,
 * test methods and lifecycle methods ({@code @BeforeAll}, ...) that declare a parameter of that
 * type.
 *
 * <p>One server serves the whole test run of a JVM: it is started by {@link DynamoDbServers#start()}
 * (so it honours {@code dynamolock.test.backend}) on first use, shared by every test class that uses
 * this extension, and stopped when the run ends. Tests stay independent by using their own tables,
 * named with {@link TestTables#uniqueName(String)}. When the configured server cannot be had, tests
 * that need it fail with a message saying how to get one, or are skipped when LocalStack was asked
 * for and Docker is missing.
 *
 * <pre>
 * &#64;ExtendWith(DynamoDbServerExtension.class)
 * class MyTest {
 *     &#64;Test
 *     void works(DynamoDbServer server) {
 *         try (DynamoDbClient client = server.newClient()) {
 *             client.listTables();
 *         }
 *     }
 * }
 * </pre>
 */
public final class DynamoDbServerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DynamoDbServerExtension.class);

    /** Created by JUnit through {@code @ExtendWith}; holds no state of its own. */
    public DynamoDbServerExtension() {
    }

    /**
     * Returns the run's shared server, starting it if this is its first use. For extensions and
     * code that has an {@link ExtensionContext} but no parameter to inject into.
     *
     * @param context any context of the run
     * @return the running shared server
     */
    public static DynamoDbServer server(ExtensionContext context) {
        // The root store lives as long as the run and closes AutoCloseable values at its end.
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedServer.class, key -> new SharedServer(), SharedServer.class)
                .get();
    }

    /**
     * @return true for parameters declared as {@link DynamoDbServer}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == DynamoDbServer.class;
    }

    /**
     * @return the run's shared server
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }
}
