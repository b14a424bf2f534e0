package io.dynamolock.runtime.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records the operation name of every request attempt a client sends. */
public final class RequestCounter implements ExecutionInterceptor {
    private final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        operations.add(context.request().getClass().getSimpleName().replace("Request", ""));
    }

    public List<String> operations() {
        return List.copyOf(operations);
    }

    public void reset() {
        operations.clear();
    }
}
