package io.dynamolock.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.LockSettings.Takeover;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.HistoryReports;
import io.dynamolock.runtime.support.TableItems.StoredLock;
import io.dynamolock.testing.fault.History;
import io.dynamolock.testing.fault.HistoryChecker;
import io.dynamolock.testing.fault.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Faults at process level, with lock holders in their own JVMs ({@link FaultWorker}): killed
 * (SIGKILL), paused (SIGSTOP, SIGCONT) and shut down (SIGTERM). Every worker is killed when the
 * test ends, whatever happened.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProcessFaultTest {
    private static final Duration START = Duration.ofSeconds(30);
    /** The wait loop's longest pause between tries: min(1 s, lease / 4). */
    private static final long RETRY_INTERVAL_MS = Math.min(1000, Fixture.LEASE.toMillis() / 4);
    /** For a busy two-core machine: JVM scheduling, a slow server answer. */
    private static final long SLACK_MS = 1000;

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
        fixture.started("table-creator"); // the workers then find the table ready
    }

    @ParameterizedTest(name = "take-over by {0}")
    @EnumSource(Takeover.class)
    void killedHoldersKeyIsTakenOverNotBeforeItsLeaseAndWithinLeasePlusSkewPlusOneRetry(Takeover mode)
            throws Exception {
        Map<String, String> settings = Map.of("takeover", mode.name().toLowerCase(Locale.ROOT));
        WorkerProcess holder = WorkerProcess.start(fixture, "killed-" + mode, settings, "keys=k", "hold=0s");
        long holderFence = fenceOf(holder.awaitLine("ACQUIRED k ", START));
        WorkerProcess taker = WorkerProcess.start(fixture, "taker-" + mode, settings, "keys=k", "wait=30s",
                "hold=300ms");
        taker.awaitLine("WAITING k", START);
        Thread.sleep(Fixture.LEASE.toMillis() / 2); // the taker is polling (and, observing, has seen a version)
        assertTrue(taker.lines().stream().noneMatch(l -> l.startsWith("ACQUIRED")), "taken while held");

        long killedAt = System.nanoTime();
        holder.signal("KILL");
        assertTrue(holder.awaitExit(Duration.ofSeconds(10)), "SIGKILL did not end the holder");
        long deadBy = System.nanoTime();
        StoredLock last = fixture.items.read("k"); // its last write: it can write no more

        String took = taker.awaitLine("ACQUIRED k ", Duration.ofSeconds(20));
        taker.awaitLine("DONE", Duration.ofSeconds(20));
        long takerFence = fenceOf(took);
        long takerWallMs = Long.parseLong(took.split(" ")[3]);
        Section takerSection = sectionsOf(taker, System.nanoTime()).get(0);

        long afterKillMs = TimeUnit.NANOSECONDS.toMillis(takerSection.startNanos() - killedAt);
        long lastWriteMs = last.expiresMs() - Fixture.LEASE.toMillis();
        long afterLastWriteMs = takerWallMs - lastWriteMs;
        System.out.printf("[take-over] mode=%s after SIGKILL: %d ms after the kill, %d ms after the holder's last"
                        + " write (lease %d ms, clockSkew %d ms, retry interval %d ms)%n", mode, afterKillMs,
                afterLastWriteMs, Fixture.LEASE.toMillis(), Fixture.SKEW.toMillis(), RETRY_INTERVAL_MS);

        assertEquals(holderFence, last.fence(), "the item still shows the killed holder when it died");
        assertTrue(takerFence > holderFence, takerFence + " > " + holderFence);
        long notBefore = mode == Takeover.CLOCK ? Fixture.LEASE.plus(Fixture.SKEW).toMillis() : Fixture.LEASE.toMillis();
        assertTrue(afterLastWriteMs > notBefore - (mode == Takeover.CLOCK ? 0 : 1),
                "taken over " + afterLastWriteMs + " ms after the holder's last write, before " + notBefore + " ms");
        long within = Fixture.LEASE.plus(Fixture.SKEW).toMillis() + RETRY_INTERVAL_MS + SLACK_MS;
        assertTrue(afterKillMs <= within, "taken over " + afterKillMs + " ms after the kill; bound " + within);

        History history = new History().addAll(sectionsOf(holder, deadBy)).addAll(sectionsOf(taker, System.nanoTime()));
        HistoryReports.print("killed holder, " + mode, HistoryChecker.check(history.sections()));
    }

    @Test
    void pausedHolderIsOvertakenLearnsItAtItsExitAndItsLateWritesCarryTheLowerFence() throws Exception {
        String data = fixture.dataTable();
        WorkerProcess paused = WorkerProcess.start(fixture, "paused", Map.of(), "keys=k", "hold=8s",
                "writes=" + data);
        long pausedFence = fenceOf(paused.awaitLine("ACQUIRED k ", START));
        WorkerProcess taker = WorkerProcess.start(fixture, "overtaker", Map.of(), "keys=k", "wait=30s",
                "hold=1500ms", "writes=" + data);
        paused.awaitLine("WRITE k " + pausedFence + " ok ", Duration.ofSeconds(10));
        taker.awaitLine("WAITING k", START);

        paused.signal("STOP");
        long takerFence = fenceOf(taker.awaitLine("ACQUIRED k ", Duration.ofSeconds(20)));
        taker.awaitLine("WRITE k " + takerFence + " ok ", Duration.ofSeconds(10));
        long resumedAt = System.nanoTime();
        paused.signal("CONT");
        paused.awaitLine("DONE", Duration.ofSeconds(20));
        taker.awaitLine("DONE", Duration.ofSeconds(20));

        // Writes begun after the resume (one in flight at the SIGSTOP may still have been applied before the
        // taker's first write, legitimately): every one carries the lower fence, and is refused.
        List<String> late = paused.lines().stream().filter(l -> l.startsWith("WRITE "))
                .filter(l -> Long.parseLong(l.split(" ")[4]) > resumedAt).toList();
        assertFalse(late.isEmpty(), "the paused holder made no write after it was resumed: " + paused.lines());
        assertTrue(late.stream().allMatch(l -> l.startsWith("WRITE k " + pausedFence + " refused ")),
                "a late write with the lower fence was accepted: " + late);
        assertTrue(takerFence > pausedFence);
        assertTrue(paused.lines().stream().anyMatch(l -> l.startsWith("LOST k ")),
                "the paused holder was not told at its exit: " + paused.lines());
        Map<String, AttributeValue> written = fixture.client.getItem(g -> g.tableName(data)
                .key(Map.of("id", AttributeValue.fromS("data-k"))).consistentRead(true)).item();
        assertEquals(Long.toString(takerFence), written.get("fence").n(), "the stored data carries the higher fence");
        assertEquals("overtaker", written.get("writer").s());

        History history = new History().addAll(sectionsOf(paused, System.nanoTime()))
                .addAll(sectionsOf(taker, System.nanoTime()));
        HistoryChecker.Report verified = HistoryChecker.check(history.sections());
        assertEquals(1, verified.excused(), "the paused holder's section overlapped the taker's, and was told");
        HistoryReports.print("paused holder", verified);
    }

    @Test
    void onSigtermEachLockIsReleasedAsItsWorkStopsSoTheNextAcquirerGetsEachAtOnce() throws Exception {
        // A long lease, so that a take-over by expiry (8 s or more) cannot pass for a release.
        Map<String, String> longLease = Map.of("lease", "10s", "heartbeat", "2s");
        List<String> keys = List.of("s1", "s2", "s3");
        WorkerProcess holder = WorkerProcess.start(fixture, "shutting-down", longLease, "keys=" + String.join(",", keys),
                "hold=0s");
        List<Long> fences = new ArrayList<>();
        for (String key : keys) {
            fences.add(fenceOf(holder.awaitLine("ACQUIRED " + key + " ", START)));
        }
        DynamoDbLockManager next = fixture.started("next");
        List<CompletableFuture<Optional<Lock>>> waiters = new ArrayList<>();
        for (String key : keys) {
            waiters.add(CompletableFuture.supplyAsync(() -> next.tryAcquire(key, Duration.ofSeconds(20))));
        }
        Thread.sleep(500);
        assertTrue(waiters.stream().noneMatch(CompletableFuture::isDone), "a waiter got a held key");

        long terminatedAt = System.nanoTime();
        holder.signal("TERM");
        assertTrue(holder.awaitExit(Duration.ofSeconds(15)), "the holder did not shut down");
        long exitedAt = System.nanoTime();
        assertTrue(holder.lines().contains("CLOSED"), "the shutdown hook did not close the manager: " + holder.lines());

        History history = new History().addAll(sectionsOf(holder, exitedAt));
        for (int i = 0; i < keys.size(); i++) {
            Lock got = waiters.get(i).get(20, TimeUnit.SECONDS).orElseThrow();
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminatedAt);
            System.out.printf("[shutdown] %s acquired %d ms after SIGTERM%n", keys.get(i), after);
            assertTrue(after < 4000, keys.get(i) + " was acquired only " + after + " ms after SIGTERM");
            assertTrue(got.fence() > fences.get(i));
            History.Open section = history.begin(keys.get(i), "next", got.fence());
            got.close();
            section.end(Section.Outcome.RELEASED);
        }
        HistoryReports.print("shutdown", HistoryChecker.check(history.sections()));
    }

    private static List<Section> sectionsOf(WorkerProcess worker, long deathNanos) {
        return new History().addLines(worker.owner(), worker.lines(), deathNanos).sections();
    }

    private static long fenceOf(String acquiredLine) {
        return Long.parseLong(acquiredLine.split(" ")[2]);
    }
}
