package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.runtime.support.TableItems.StoredLock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the DynamoDB manager does: items, leases, heartbeats, requests. What every manager
 * promises: {@link DynamoDbLockManagerContractTest}.
 */
@ExtendWith(FixtureExtension.class)
class DynamoDbLockManagerTest {

    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    @Test
    void heldKeysItemNamesItsHolderAndReleaseRemovesTheOwnerButKeepsTheFence() {
        DynamoDbLockManager a = fixture.started("node-a");

        Lock lock = a.tryAcquire("invoice-1", Duration.ZERO).orElseThrow();
        StoredLock held = fixture.items.read("invoice-1");
        assertEquals("node-a", held.owner());
        assertEquals(lock.fence(), held.fence());
        lock.close();

        StoredLock released = fixture.items.read("invoice-1");
        assertNull(released.owner(), "release removes the owner");
        assertEquals(lock.fence(), released.fence(), "release keeps the item so the fence keeps rising");
    }

    @Test
    void fenceKeepsRisingAfterTheItemWasDeletedBehindTheLibrarysBack() {
        DynamoDbLockManager a = fixture.started("node-a");
        Lock first = a.tryAcquire("purged", Duration.ZERO).orElseThrow();
        first.close();
        fixture.items.delete("purged");
        Lock second = a.tryAcquire("purged", Duration.ZERO).orElseThrow();
        assertTrue(second.fence() > first.fence(), second.fence() + " > " + first.fence());
        second.close();
    }

    @Test
    void holderThatStopsRenewingLosesTheKeyAfterLeasePlusSkewAndNotBefore() {
        DynamoDbLockManager b = fixture.started("node-b");
        long writtenAt = System.currentTimeMillis();
        fixture.items.put("orphan", "crashed-node", writtenAt, writtenAt + Fixture.LEASE.toMillis());

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
        assertTrue(fixture.items.read("long-job").beat() >= 4, "renewals counted in beat");
        lock.close();
    }

    @Test
    void itemOverwrittenBehindTheHoldersBackIsReportedStolenAtTheNextHeartbeat() throws Exception {
        DynamoDbLockManager a = fixture.started("node-a");
        Lock lock = a.tryAcquire("stolen", Duration.ZERO).orElseThrow();
        fixture.items.put("stolen", "thief", lock.fence() + 1, System.currentTimeMillis() + 60_000);

        long deadline = System.nanoTime() + Fixture.HEARTBEAT.multipliedBy(4).toNanos();
        while (lock.isHeld() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(lock.isHeld(), "a stolen lock must stop counting as held");
        LockLostException lost = assertThrows(LockLostException.class, lock::close);
        assertEquals(LockLostException.Reason.STOLEN, lost.reason());
        assertEquals("thief", fixture.items.read("stolen").owner(),
                "the loser's release must not touch the thief's item");
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
    void keyBusyOnAnotherNodeNamesThatNodesLeaseExpiryAsTheTableHasIt() {
        DynamoDbLockManager a = fixture.started("node-a");
        DynamoDbLockManager b = fixture.started("node-b");
        a.tryAcquire("busy", Duration.ZERO).orElseThrow();
        long before = fixture.items.read("busy").expiresMs();

        LockNotAcquiredException e = assertThrows(LockNotAcquiredException.class,
                () -> b.acquire("busy", Duration.ZERO));

        long after = fixture.items.read("busy").expiresMs(); // renewals only move it later
        Instant expiry = e.holderLeaseExpiry().orElseThrow();
        assertTrue(!expiry.isBefore(Instant.ofEpochMilli(before)) && !expiry.isAfter(Instant.ofEpochMilli(after)),
                expiry + " is not the item's expiry, between " + before + " and " + after);
    }
}
