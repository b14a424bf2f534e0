package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbServerExtension.class)
class DynamoDbLockManagerTest {

    private Fixture fixture;

    @BeforeEach
    void setUp(DynamoDbServer server) {
        fixture = new Fixture(server);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void freeKeyIsAcquiredWithAFenceAndIsBusyForEveryManagerIncludingItsHolder() {
        DynamoDbLockManager a = fixture.started("node-a");
        DynamoDbLockManager b = fixture.started("node-b");

        assertTrue(a.acquireLock("invoice-1"));
        Map<String, AttributeValue> item = item("invoice-1");
        assertEquals("node-a", item.get("owner").s());
        assertTrue(Long.parseLong(item.get("fence").n()) > 0);
        assertFalse(b.acquireLock("invoice-1"), "another manager must not get a held key");
        assertFalse(a.acquireLock("invoice-1"), "the holder itself must not get it twice (the seed's semantics)");
    }

    @Test
    void releasedKeyGoesToAnotherManagerWithAStrictlyGreaterFence() {
        DynamoDbLockManager a = fixture.started("node-a");
        DynamoDbLockManager b = fixture.started("node-b");

        Lock first = a.tryAcquire("k", Duration.ZERO).orElseThrow();
        first.close();
        assertFalse(first.isHeld());
        Lock second = b.tryAcquire("k", Duration.ZERO).orElseThrow();
        assertTrue(second.fence() > first.fence(), second.fence() + " > " + first.fence());
        assertEquals("node-b", item("k").get("owner").s());
        second.close();
        assertFalse(item("k").containsKey("owner"), "release removes the owner");
        assertTrue(item("k").containsKey("fence"), "release keeps the item so the fence keeps rising");
    }

    @Test
    void fenceKeepsRisingAfterTheItemWasDeletedBehindTheLibrarysBack() {
        DynamoDbLockManager a = fixture.started("node-a");
        Lock first = a.tryAcquire("purged", Duration.ZERO).orElseThrow();
        first.close();
        fixture.client.deleteItem(d -> d.tableName(fixture.table).key(Map.of("id", s("purged"))));
        Lock second = a.tryAcquire("purged", Duration.ZERO).orElseThrow();
        assertTrue(second.fence() > first.fence(), second.fence() + " > " + first.fence());
        second.close();
    }

    @Test
    void releaseOrRenewByANonOwnerOrWithAStaleFenceChangesNothing() {
        DynamoDbLockManager a = fixture.started("node-a");
        Lock lock = a.tryAcquire("guarded", Duration.ZERO).orElseThrow();
        Map<String, AttributeValue> before = item("guarded");

        LockProtocol stranger = fixture.protocolOf("node-b");
        assertFalse(stranger.release("guarded", lock.fence()));
        assertFalse(stranger.renew("guarded", lock.fence()));
        LockProtocol sameOwnerStaleFence = fixture.protocolOf("node-a");
        assertFalse(sameOwnerStaleFence.release("guarded", lock.fence() - 1));
        assertFalse(sameOwnerStaleFence.renew("guarded", lock.fence() - 1));

        Map<String, AttributeValue> after = item("guarded");
        assertEquals(before.get("owner"), after.get("owner"));
        assertEquals(before.get("fence"), after.get("fence"));
        assertEquals(before.get("expires"), after.get("expires"));
        assertTrue(lock.isHeld());
        lock.close();
    }

    @Test
    void holderThatStopsRenewingLosesTheKeyAfterLeasePlusSkewAndNotBefore() {
        LockProtocol silent = fixture.protocolOf("crashed-node");
        DynamoDbLockManager b = fixture.started("node-b");
        long writtenAt = System.currentTimeMillis();
        assertTrue(silent.acquire("orphan") instanceof LockProtocol.Acquired);

        Lock taken = b.tryAcquire("orphan", Duration.ofSeconds(10)).orElseThrow();
        long tookOverAfter = System.currentTimeMillis() - writtenAt;
        long floor = Fixture.LEASE.plus(Fixture.SKEW).toMillis();
        assertTrue(tookOverAfter >= floor, "took over after " + tookOverAfter + " ms, before lease + skew " + floor);
        assertTrue(tookOverAfter < floor + 2000, "took over only after " + tookOverAfter + " ms");
        taken.close();
    }

    @Test
    void heartbeatKeepsTheLockForSeveralLeases() throws Exception {
        DynamoDbLockManager a = fixture.started("node-a");
        DynamoDbLockManager b = fixture.started("node-b");
        Lock lock = a.tryAcquire("long-job", Duration.ZERO).orElseThrow();
        long deadline = System.nanoTime() + Fixture.LEASE.multipliedBy(3).toNanos();
        while (System.nanoTime() < deadline) {
            assertFalse(b.acquireLock("long-job"), "taken over while its holder kept renewing");
            assertTrue(lock.isHeld());
            Thread.sleep(300);
        }
        assertTrue(Long.parseLong(item("long-job").get("beat").n()) >= 4, "renewals counted in beat");
        lock.close();
    }

    @Test
    void itemOverwrittenBehindTheHoldersBackIsReportedStolenAtTheNextHeartbeat() throws Exception {
        DynamoDbLockManager a = fixture.started("node-a");
        Lock lock = a.tryAcquire("stolen", Duration.ZERO).orElseThrow();
        fixture.client.putItem(p -> p.tableName(fixture.table).item(Map.of("id", s("stolen"), "owner", s("thief"),
                "fence", n(lock.fence() + 1), "expires", n(System.currentTimeMillis() + 60_000), "beat", n(0))));

        long deadline = System.nanoTime() + Fixture.HEARTBEAT.multipliedBy(4).toNanos();
        while (lock.isHeld() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(lock.isHeld(), "a stolen lock must stop counting as held");
        LockLostException lost = assertThrows(LockLostException.class, lock::close);
        assertEquals(LockLostException.Reason.STOLEN, lost.reason());
        assertEquals("thief", item("stolen").get("owner").s(), "the loser's release must not touch the thief's item");
    }

    @Test
    void uncontendedAcquireAndReleaseCostExactlyTwoRequests() {
        DynamoDbLockManager a = fixture.started("node-a");
        fixture.requests.reset();
        try (Lock lock = a.tryAcquire("cheap", Duration.ZERO).orElseThrow()) {
            assertTrue(lock.isHeld());
        }
        assertEquals(List.of("UpdateItem", "UpdateItem"), fixture.requests.operations());
    }

    @Test
    void emptyAndOversizedKeysAreRejectedBeforeAnyRequest() {
        DynamoDbLockManager a = fixture.started("node-a");
        fixture.requests.reset();
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> a.acquireLock(""));
        assertTrue(empty.getMessage().contains("2048"), empty.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> a.acquireLock("é".repeat(1025)));
        assertTrue(huge.getMessage().contains("2050 UTF-8 bytes"), huge.getMessage());
        assertEquals(List.of(), fixture.requests.operations());
        assertTrue(a.acquireLock("x".repeat(2048)), "2048 bytes is DynamoDB's own limit and accepted");
    }

    @Test
    void waiterGetsTheKeySoonAfterItsHolderReleasesIt() throws Exception {
        DynamoDbLockManager a = fixture.started("node-a");
        DynamoDbLockManager b = fixture.started("node-b");
        Lock held = a.tryAcquire("queue", Duration.ZERO).orElseThrow();
        CompletableFuture<Optional<Lock>> waiter = CompletableFuture.supplyAsync(
                () -> b.tryAcquire("queue", Duration.ofSeconds(8)));
        Thread.sleep(700);
        assertFalse(waiter.isDone(), "the waiter must wait while the key is held");
        long releasedAt = System.nanoTime();
        held.close();
        Lock got = waiter.get(8, TimeUnit.SECONDS).orElseThrow();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasedAt);
        assertTrue(waitedMs < 1500, "waited " + waitedMs + " ms after the release");
        assertTrue(got.fence() > held.fence());
        got.close();
    }

    @Test
    void busyKeyAfterTheWholeWaitNamesItsHolderAndExpiry() {
        DynamoDbLockManager a = fixture.started("node-a");
        DynamoDbLockManager b = fixture.started("node-b");
        Lock held = a.tryAcquire("busy", Duration.ZERO).orElseThrow();
        long started = System.nanoTime();
        LockNotAcquiredException e = assertThrows(LockNotAcquiredException.class,
                () -> b.acquire("busy", Duration.ofMillis(600)));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(600), "gave up before its wait");
        assertEquals("busy", e.key());
        assertEquals(Optional.of("node-a"), e.holder());
        assertTrue(e.holderLeaseExpiry().isPresent());
        assertTrue(e.getMessage().contains("node-a"), e.getMessage());
        held.close();
    }

    @Test
    void racingAcquiresOfOneKeyNeverBothWin() throws Exception {
        fixture.started("starter");
        LockProtocol a = fixture.protocolOf("racer-a");
        LockProtocol b = fixture.protocolOf("racer-b");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            int bothWon = 0;
            for (int round = 0; round < 60; round++) {
                String key = "race-" + round;
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                var first = pool.submit(() -> { start.await(); return a.acquire(key); });
                var second = pool.submit(() -> { start.await(); return b.acquire(key); });
                if (first.get() instanceof LockProtocol.Acquired && second.get() instanceof LockProtocol.Acquired) {
                    bothWon++;
                }
            }
            assertEquals(0, bothWon, "rounds in which both racers got the key");
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, AttributeValue> item(String key) {
        Map<String, AttributeValue> item = fixture.client.getItem(g -> g.tableName(fixture.table)
                .key(Map.of("id", s(key))).consistentRead(true)).item();
        assertNotNull(item, "no item for " + key);
        return item;
    }

    static AttributeValue s(String s) {
        return AttributeValue.builder().s(s).build();
    }

    static AttributeValue n(long n) {
        return AttributeValue.builder().n(Long.toString(n)).build();
    }
}
