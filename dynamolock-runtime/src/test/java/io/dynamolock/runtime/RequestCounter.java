package io.dynamolock.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records the operation name of every request attempt a client sends. */
final class RequestCounter implements ExecutionInterceptor {
    private final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        operations.add(context.request().getClass().getSimpleName().replace("Request", ""));
    }

    List<String> operations() {
        return List.copyOf(operations);
    }

    void reset() {
        operations.clear();
    }
}
