package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamolock.agent.apps.LockClientApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ChildProcesses;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import io.dynamolock.agent.support.RunningJvm;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A lock known to be lost stops counting for the calls made under it. */
@ExtendWith(ItEnvironment.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LostLockIT {
    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private final String table = "lost-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aNestedCallIntoALockAlreadyKnownLostDoesNotRunItsBody(Env env) throws Exception {
        String key = ItEnvironment.uniqueKey("nested");
        RunningJvm node = children.start(new ChildJvm().withAgent(null).against(env, table)
                .option("-Ddynamolock.lease=3s").option("-Ddynamolock.heartbeat=1s")
                .option("-Ddynamolock.clockSkew=500ms"), "node", LockClientApp.class);
        node.await("ready", Duration.ofSeconds(40));
        node.send("nest " + key);
        long fence = node.await("holding " + key, Duration.ofSeconds(20)).number("fence");

        // Another owner takes the item over; the holder's next renewal (every second) finds it.
        env.client().updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(key)))
                .updateExpression("SET #owner = :thief, #fence = :fence")
                .expressionAttributeNames(Map.of("#owner", "owner", "#fence", "fence"))
                .expressionAttributeValues(Map.of(":thief", AttributeValue.fromS("thief"),
                        ":fence", AttributeValue.fromN(Long.toString(fence + 1)))));
        Thread.sleep(2500);
        node.send("go");

        assertEquals("nested refused LockLostException", node.await("nested ", Duration.ofSeconds(20)).text(),
                node::describe);
        assertEquals("outer LockLostException", node.await("outer ", Duration.ofSeconds(20)).text(), node::describe);
    }
}
