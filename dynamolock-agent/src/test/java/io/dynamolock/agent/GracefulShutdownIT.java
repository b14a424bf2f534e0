package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.apps.LockClientApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ChildProcesses;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import io.dynamolock.agent.support.RunningJvm;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM, as every rolling deploy sends it, while a locked method runs: the agent's shutdown hook
 * must not hand its lock to another node before the method returns.
 */
@ExtendWith(ItEnvironment.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownIT {
    private static final Duration LEASE = Duration.ofSeconds(3);

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private final String table = "shutdown-it-" + UUID.randomUUID().toString().substring(0, 8);

    private ChildJvm node(Env env) {
        return new ChildJvm().withAgent(null).against(env, table)
                .option("-Ddynamolock.lease=" + LEASE.toMillis() + "ms")
                .option("-Ddynamolock.heartbeat=1s")
                .option("-Ddynamolock.clockSkew=500ms")
                .option("-Ddynamolock.shutdownGrace=30s");
    }

    @Test
    void sigtermNeverHandsOnTheLockOfAMethodStillRunningAndReleasesItWhenTheMethodReturns(Env env)
            throws Exception {
        String key = ItEnvironment.uniqueKey("deploy");
        RunningJvm holder = children.start(node(env), "holder", LockClientApp.class);
        RunningJvm taker = children.start(node(env), "taker", LockClientApp.class);
        holder.await("ready", Duration.ofSeconds(40));
        taker.await("ready", Duration.ofSeconds(40));
        holder.send("hold " + key);
        holder.await("holding " + key, Duration.ofSeconds(20));

        holder.terminate();
        // Longer than a lease after SIGTERM: the hook keeps renewing while the method runs.
        Thread.sleep(LEASE.plusSeconds(1).toMillis());
        taker.send("try " + key);
        assertTrue(taker.await("refused " + key, Duration.ofSeconds(20)).text().contains(" holder "),
                () -> "taken while the method still ran: " + taker.describe());
        assertTrue(holder.isAlive(), "the JVM waits for the running method: " + holder.describe());

        holder.send("done");
        holder.await("released " + key, Duration.ofSeconds(20));
        assertEquals(143, holder.awaitExit(Duration.ofSeconds(20)), holder::describe);
        taker.send("try " + key);
        taker.await("acquired " + key, Duration.ofSeconds(20));
        taker.send("exit");
        assertEquals(0, taker.awaitExit(Duration.ofSeconds(20)), taker::describe);
    }
}
