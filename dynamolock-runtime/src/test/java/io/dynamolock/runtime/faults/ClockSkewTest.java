package io.dynamolock.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.LockSettings.Takeover;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.HistoryReports;
import io.dynamolock.testing.fault.Fault;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.FaultRule;
import io.dynamolock.testing.fault.History;
import io.dynamolock.testing.fault.HistoryChecker;
import io.dynamolock.testing.fault.Section;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nodes whose wall clocks disagree (injected through {@code Builder.clock}). The dangerous case
 * is a take-over by expiry: each key's holder stops reaching DynamoDB (a partition through its
 * fault proxy) and another node takes the key when the lease has run out by its own reckoning.
 * Holders stop working the moment they see their lock gone, so the check is strict: no overlap
 * at all.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClockSkewTest {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    /** A holder's and a taker's clock offsets from the true time, in ms. */
    private record Pair(long holderMs, long takerMs) {
    }

    @Test
    void nodesWhoseClocksDisagreeByLessThanClockSkewNeverOverlap() throws Exception {
        // clockSkew is 200 ms: every pair below disagrees by less, the first two by 198 ms, the worst way round.
        List<Pair> pairs = List.of(new Pair(-99, 99), new Pair(99, -99), new Pair(0, 99), new Pair(-99, 0));
        long minMarginMs = takeOversByExpiry(Takeover.CLOCK, pairs);
        // The holder gives up at lease - skew after its last write, the taker waits lease + skew on a clock
        // at most 198 ms ahead: at least 2 ms plus the taker's polling in between.
        assertTrue(minMarginMs >= 0, "overlap");
    }

    @Test
    void nodesTakingOverByObservationNeverOverlapWhateverTheirClocksSay() throws Exception {
        List<Pair> pairs = List.of(new Pair(-5000, 5000), new Pair(5000, -5000), new Pair(0, 3_600_000));
        takeOversByExpiry(Takeover.OBSERVE, pairs);
    }

    @Test
    void theCheckerCatchesTheOverlapThatATakerWithAClockFarAheadCauses() throws Exception {
        // The control: a node whose clock is 3 s ahead and that no guard stops (a bare conditional write) takes
        // over a lock whose holder is alive and renewing. The same history check must fail.
        DynamoDbLockManager holder = fixture.started("holder");
        History history = new History();
        Lock lock = holder.tryAcquire("k", Duration.ZERO).orElseThrow();
        History.Open held = history.begin("k", "holder", lock.fence());
        Thread.sleep(200);
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(3));
        long stolen = fixture.items.takeOverByExpiry("k", "rogue", ahead);
        History.Open rogueSection = history.begin("k", "rogue", stolen);
        Thread.sleep(100);
        rogueSection.end(Section.Outcome.RELEASED);
        held.end(Section.Outcome.RELEASED); // the holder had no way to know yet
        AssertionError caught = assertThrows(AssertionError.class, () -> HistoryChecker.check(history.sections()));
        assertTrue(caught.getMessage().contains("overlap"), caught.getMessage());
        assertEquals(LockLostException.Reason.STOLEN, assertThrows(LockLostException.class, lock::close).reason());
    }

    /**
     * For each pair, on its own key: the holder takes the key, is cut off from DynamoDB, and the
     * taker takes the key over. @return the smallest gap between a holder seeing its loss and
     * the take-over, in ms
     */
    private long takeOversByExpiry(Takeover mode, List<Pair> pairs) throws Exception {
        History history = new History();
        List<FaultProxy> proxies = new ArrayList<>();
        List<Lock> locks = new ArrayList<>();
        List<History.Open> sections = new ArrayList<>();
        List<CompletableFuture<Long>> losses = new ArrayList<>();
        List<DynamoDbLockManager> takers = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            FaultProxy proxy = fixture.proxy();
            DynamoDbLockManager holder = node(proxy.endpoint(), "holder-" + i, pairs.get(i).holderMs(), mode);
            takers.add(node(fixture.server.endpoint(), "taker-" + i, pairs.get(i).takerMs(), mode));
            Lock lock = holder.tryAcquire("k" + i, Duration.ZERO).orElseThrow();
            proxies.add(proxy);
            locks.add(lock);
            sections.add(history.begin("k" + i, "holder-" + i, lock.fence()));
            losses.add(fixture.lossOf(lock));
        }
        for (FaultProxy proxy : proxies) {
            proxy.inject(FaultRule.onAny().then(Fault.reset()));
        }
        List<CompletableFuture<long[]>> takeOvers = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            DynamoDbLockManager taker = takers.get(i);
            String key = "k" + i;
            takeOvers.add(CompletableFuture.supplyAsync(() -> {
                Lock taken = taker.tryAcquire(key, Duration.ofSeconds(15)).orElseThrow();
                long at = System.nanoTime();
                History.Open section = history.begin(key, taker.owner(), taken.fence());
                Fixture.pause(Duration.ofMillis(50));
                taken.close();
                section.end(Section.Outcome.RELEASED);
                return new long[] {at, taken.fence()};
            }));
        }
        long minMarginMs = Long.MAX_VALUE;
        for (int i = 0; i < pairs.size(); i++) {
            long lost = losses.get(i).get(20, TimeUnit.SECONDS);
            sections.get(i).endAt(lost, Section.Outcome.LOST);
            long takenAt = takeOvers.get(i).get(20, TimeUnit.SECONDS)[0];
            long marginMs = TimeUnit.NANOSECONDS.toMillis(takenAt - lost);
            System.out.printf("[skew] %s: holder clock %+d ms, taker clock %+d ms: the holder saw its loss %d ms"
                    + " before the take-over%n", mode, pairs.get(i).holderMs(), pairs.get(i).takerMs(), marginMs);
            minMarginMs = Math.min(minMarginMs, marginMs);
        }
        for (FaultProxy proxy : proxies) {
            proxy.heal();
        }
        for (Lock lock : locks) {
            assertThrows(LockLostException.class, lock::close);
        }
        HistoryReports.print("clock skew, " + mode, HistoryChecker.checkStrict(history.sections()));
        return minMarginMs;
    }

    private DynamoDbLockManager node(java.net.URI endpoint, String owner, long offsetMs, Takeover mode) {
        DynamoDbLockManager m = fixture.managerVia(endpoint, owner, b -> b.takeover(mode)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMillis(offsetMs))));
        m.start();
        return m;
    }
}
