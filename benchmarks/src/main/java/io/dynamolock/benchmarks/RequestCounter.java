package io.dynamolock.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts every request attempt a client sends, by operation ({@code UpdateItem}, {@code GetItem},
 * ...). Attempts, not calls: an SDK retry counts again, as it costs a round trip again.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private final ConcurrentHashMap<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        total.increment();
    }

    /** @return request attempts sent so far */
    public long total() {
        return total.sum();
    }

    /** @return request attempts by operation, sorted by name */
    public Map<String, Long> byOperation() {
        Map<String, Long> result = new TreeMap<>();
        byOperation.forEach((op, n) -> result.put(op, n.sum()));
        return result;
    }

    /** Starts counting from zero. */
    public void reset() {
        byOperation.clear();
        total.reset();
    }

    /**
     * @param operations counts by operation
     * @param per        what to divide them by
     * @return e.g. {@code GetItem 1 + PutItem 1 + DeleteItem 1}
     */
    public static String breakdown(Map<String, Long> operations, double per) {
        StringBuilder b = new StringBuilder();
        operations.forEach((op, n) -> {
            if (b.length() > 0) {
                b.append(" + ");
            }
            b.append(op).append(' ').append(Format.number(n / per));
        });
        return b.length() == 0 ? "none" : b.toString();
    }
}
