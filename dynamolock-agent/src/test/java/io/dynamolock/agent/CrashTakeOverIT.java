package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.apps.LockClientApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ChildProcesses;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import io.dynamolock.agent.support.RunningJvm;
import io.dynamolock.agent.support.RunningJvm.Line;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A holder that crashes (SIGKILL: no shutdown hook, no release) leaves its lock to expire: another
 * JVM takes it over once the lease has run out, and not before.
 *
 * <p>Bounds, with lease L = 3 s, heartbeat H = 1 s, clock skew S = 0.5 s. The holder renews every
 * H, so its last renewal wrote {@code expires} at most H before the kill, and at most at the
 * kill. A taker may only take the key when {@code expires < now - S}. Hence the take-over comes
 * at least L - H (+ S, kept as margin for a late renewal) = 2 s after the kill, and at most
 * L + S = 3.5 s after it, plus at most 2 s for the taker's next try and its round trip: within 5.5 s.
 */
@ExtendWith(ItEnvironment.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CrashTakeOverIT {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration CLOCK_SKEW = Duration.ofMillis(500);
    private static final Duration EARLIEST = LEASE.minus(HEARTBEAT);
    private static final Duration LATEST = LEASE.plus(CLOCK_SKEW).plusSeconds(2);

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    private final String table = "crash-it-" + UUID.randomUUID().toString().substring(0, 8);

    private ChildJvm node(Env env) {
        return new ChildJvm().withAgent(null).against(env, table)
                .option("-Ddynamolock.lease=" + LEASE.toMillis() + "ms")
                .option("-Ddynamolock.heartbeat=" + HEARTBEAT.toMillis() + "ms")
                .option("-Ddynamolock.clockSkew=" + CLOCK_SKEW.toMillis() + "ms");
    }

    @Test
    void aKilledHoldersLockIsTakenOverByAnotherJvmAfterTheLeaseAndNotBefore(Env env) throws Exception {
        String key = ItEnvironment.uniqueKey("crash");
        RunningJvm holder = children.start(node(env), "holder", LockClientApp.class);
        RunningJvm taker = children.start(node(env), "taker", LockClientApp.class);
        holder.await("ready", Duration.ofSeconds(40));
        holder.send("hold " + key);
        long holderFence = holder.await("holding " + key, Duration.ofSeconds(20)).number("fence");
        taker.await("ready", Duration.ofSeconds(40));

        taker.send("try " + key);
        assertTrue(taker.await("refused " + key, Duration.ofSeconds(20)).text().contains(" holder "),
                "busy while the holder lives: " + taker.describe());
        taker.send("wait " + key);
        taker.await("waiting " + key, Duration.ofSeconds(10));
        // Longer than a lease: the holder's heartbeat keeps the key while the taker waits on it.
        Thread.sleep(LEASE.plusMillis(500).toMillis());
        assertFalse(taker.printed("acquired " + key), () -> "taken from a live holder: " + taker.describe());

        assertTrue(holder.isAlive(), holder::describe);
        Instant killStarted = Instant.now();
        holder.kill();
        Instant killed = Instant.now();
        Line acquired = taker.await("acquired " + key, LATEST.plusSeconds(10));

        Instant takenAt = Instant.ofEpochMilli(acquired.number("at"));
        Duration sinceKilled = Duration.between(killed, takenAt);
        Duration sinceKillStarted = Duration.between(killStarted, takenAt);
        System.out.println("[CrashTakeOverIT] take-over " + sinceKillStarted.toMillis() + " ms after SIGKILL (lease "
                + LEASE.toMillis() + " ms, heartbeat " + HEARTBEAT.toMillis() + " ms, clock skew "
                + CLOCK_SKEW.toMillis() + " ms)");
        assertTrue(sinceKilled.compareTo(EARLIEST) >= 0,
                "not before lease - heartbeat (" + EARLIEST + ") after the kill; took " + sinceKilled);
        assertTrue(sinceKillStarted.compareTo(LATEST) <= 0,
                "within lease + clock skew + 2 s (" + LATEST + ") of the kill; took " + sinceKillStarted);
        assertTrue(acquired.number("fence") > holderFence, "a higher fence than the crashed holder's");
        taker.send("exit");
        assertEquals(0, taker.awaitExit(Duration.ofSeconds(20)), taker::describe);
    }
}
