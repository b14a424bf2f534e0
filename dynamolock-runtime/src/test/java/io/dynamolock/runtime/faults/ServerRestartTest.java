package io.dynamolock.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.HistoryReports;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServers;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.History;
import io.dynamolock.testing.fault.HistoryChecker;
import io.dynamolock.testing.fault.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server restarts mid-run and loses every table and item. This test starts a server of its
 * own (of the configured backend), since a restart would wipe the tables of every other test.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerRestartTest {
    private static final List<String> KEYS = List.of("r0", "r1", "r2");

    @Test
    void serverRestartedWithItsStateLostMidRunCrashesNothingAndLocksAreTakenAgain() throws Exception {
        try (DynamoDbServer server = DynamoDbServers.start()) {
            assumeTrue(server.supportsRestart(), server.backend() + " cannot be restarted from here");
            try (Fixture fixture = new Fixture(server)) {
                // Two managers race for every key: moto applies racing conditional writes without isolating
                // them (both can win), so the requests reach the server one at a time (see FaultProxy.oneAtATime).
                FaultProxy serial = fixture.proxy().oneAtATime();
                List<DynamoDbLockManager> managers = List.of(
                        fixture.startedVia(serial.endpoint(), "node-a"), fixture.startedVia(serial.endpoint(), "node-b"));
                History history = new History();
                ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
                AtomicInteger unavailable = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService threads = Executors.newFixedThreadPool(managers.size() * KEYS.size());
                List<Future<?>> loops = new ArrayList<>();
                for (DynamoDbLockManager m : managers) {
                    for (String key : KEYS) {
                        loops.add(threads.submit(() -> lockLoop(m, key, history, stop, unavailable, unexpected)));
                    }
                }
                Thread.sleep(2000);
                long restartedAt = System.nanoTime();
                server.restart();
                long backAt = System.nanoTime();
                Thread.sleep(4000);
                stop.set(true);
                threads.shutdown();
                assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS), "a lock loop did not stop");
                for (Future<?> loop : loops) {
                    loop.get();
                }

                assertEquals(List.of(), List.copyOf(unexpected), "something other than the lock's own exceptions");
                List<Section> sections = history.sections();
                for (String key : KEYS) {
                    assertTrue(sections.stream().anyMatch(s -> s.key().equals(key) && s.startNanos() > backAt),
                            key + " was never taken again after the restart");
                    assertTrue(sections.stream().anyMatch(s -> s.key().equals(key) && s.startNanos() < restartedAt),
                            key + " was never taken before the restart");
                }
                System.out.printf("[restart] %s: down %d ms; %d sections, %d calls refused with"
                        + " LockUnavailableException meanwhile%n", server.backend(),
                        TimeUnit.NANOSECONDS.toMillis(backAt - restartedAt), sections.size(), unavailable.get());
                HistoryReports.print("server restart", HistoryChecker.check(sections));
            }
        }
    }

    /** One worker: take the key, work under it briefly while it is held, release; again until stopped. */
    private static void lockLoop(DynamoDbLockManager manager, String key, History history, AtomicBoolean stop,
                                 AtomicInteger unavailable, ConcurrentLinkedQueue<Throwable> unexpected) {
        while (!stop.get()) {
            try {
                Optional<Lock> got = manager.tryAcquire(key, Duration.ofMillis(300));
                if (got.isEmpty()) {
                    continue;
                }
                Lock lock = got.get();
                History.Open section = history.begin(key, manager.owner(), lock.fence());
                long workUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                        ThreadLocalRandom.current().nextLong(20, 120));
                while (System.nanoTime() - workUntil < 0 && lock.isHeld()) {
                    Thread.sleep(5);
                }
                boolean held = lock.isHeld();
                long end = System.nanoTime();
                try {
                    lock.close();
                    section.endAt(end, held ? Section.Outcome.RELEASED : Section.Outcome.UNTOLD);
                } catch (LockLostException e) {
                    section.endAt(end, Section.Outcome.LOST);
                }
            } catch (LockUnavailableException e) {
                unavailable.incrementAndGet();
                Fixture.pause(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                unexpected.add(e);
                return;
            }
        }
    }
}
