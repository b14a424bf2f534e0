package io.dynamolock.benchmarks;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServers;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The holder of part 4, in a JVM of its own so that it can be killed: takes one key, prints
 * {@code ACQUIRED}, then {@code BEAT n} after each renewal that the server acknowledged, and
 * holds on until killed (at most five minutes).
 *
 * <p>Arguments: {@code library endpoint key leaseMs heartbeatMs}, library being
 * {@code dynamolock} or {@code aws}.
 */
public final class TakeOverHolder {
    private TakeOverHolder() {
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        String library = args[0];
        DynamoDbServer server = DynamoDbServers.external(URI.create(args[1]));
        String key = args[2];
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        Duration heartbeat = Duration.ofMillis(Long.parseLong(args[4]));
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        AtomicBoolean held = new AtomicBoolean();
        AtomicInteger beats = new AtomicInteger();
        // Every UpdateItem after the acquire is a renewal, for both libraries (the AWS client acquires
        // with PutItem, this library's acquire has returned before the flag is set).
        ExecutionInterceptor beat = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (held.get() && context.request() instanceof UpdateItemRequest) {
                    System.out.println("BEAT " + beats.incrementAndGet());
                    System.out.flush();
                }
            }
        };
        if (library.equals("aws")) {
            AwsLockClientSide side = new AwsLockClientSide(server, lease, heartbeat, "holder-" + UUID.randomUUID(),
                    beat);
            side.locks().acquireLock(AcquireLockOptions.builder(key).build());
        } else {
            DynamoLockSide side = DynamoLockSide.start(server, lease, heartbeat, UnaryOperator.identity(), beat);
            side.manager().tryAcquire(key, Duration.ZERO).orElseThrow();
        }
        held.set(true);
        System.out.println("ACQUIRED");
        System.out.flush();
        Thread.sleep(300_000);
        System.exit(4);
    }
}
