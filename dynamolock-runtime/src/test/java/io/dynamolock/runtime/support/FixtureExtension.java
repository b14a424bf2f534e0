package io.dynamolock.runtime.support;

import io.dynamolock.testing.DynamoDbServerExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link Fixture} into tests and their {@code @BeforeEach} methods: one per test, on
 * the run's shared server ({@link DynamoDbServerExtension}), closed with everything it made
 * when the test ends.
 */
public final class FixtureExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FixtureExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Fixture.class;
    }

    /** @return the test's fixture; its context's store closes it when the test ends */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(Fixture.class,
                key -> new Fixture(DynamoDbServerExtension.server(context)), Fixture.class);
    }
}
