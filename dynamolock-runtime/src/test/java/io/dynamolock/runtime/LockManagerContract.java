package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link NodeLockManager} promises, whatever its store (README, "The runtime as a
 * plain library"): written once, run against each store by a subclass that makes its managers.
 *
 * <p>Scenarios with two parties use a contender: another node on the same store where managers
 * share one, otherwise the holding manager itself from another thread (ownership belongs to the
 * manager, so its other threads find its keys busy like anyone else).
 *
 * @param <M> the manager under test
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LockManagerContract<M extends NodeLockManager> {
    private static final String LOCK = "\uD83D\uDD12"; // U+1F512, four UTF-8 bytes, a surrogate pair in Java
    private static final Duration ENDLESS = Duration.ofDays(365L * 1_000_000);

    /** @return a started manager for {@code owner} on this test's store, closed after the test */
    protected abstract M started(String owner);

    /**
     * @return a started manager that contends with {@code holder} for its keys: another node on
     *     the same store, or {@code holder} itself where managers share no store
     */
    protected abstract M contenderOf(M holder);

    /** @return the keys {@code manager} holds now */
    protected abstract Set<String> heldKeys(M manager);

    /** @return how many requests this test's store has been sent so far (always 0 for one that takes none) */
    protected abstract int requestsSent();

    /** @return how many times each of four threads takes one key in the exclusion scenario */
    protected abstract int acquisitionsPerThread();

    @Test
    void freeKeyIsTakenOnceAndIsThenBusyEvenForTheManagerHoldingIt() {
        M holder = started("node-a");
        M contender = contenderOf(holder);

        assertTrue(holder.acquireLock("invoice-1"));

        assertFalse(holder.acquireLock("invoice-1"), "the holder itself must not get it twice (the seed's semantics)");
        assertFalse(contender.acquireLock("invoice-1"), "a contender must not get a held key");
        assertEquals(Optional.empty(), holder.tryAcquire("invoice-1", Duration.ZERO));
        LockNotAcquiredException busy = assertThrows(LockNotAcquiredException.class,
                () -> holder.acquire("invoice-1", Duration.ZERO));
        assertEquals("invoice-1", busy.key());
        assertEquals(Optional.of("node-a"), busy.holder());
    }

    @Test
    void releaseLockFreesTheKeyAtOnce() {
        M holder = started("node-a");
        assertTrue(holder.acquireLock("k"));

        holder.releaseLock("k");

        assertTrue(contenderOf(holder).acquireLock("k"), "the released key was still busy");
    }

    @Test
    void closingALockReleasesItAndItNoLongerCountsAsHeld() {
        M holder = started("node-a");
        Lock lock = holder.acquire("k", Duration.ZERO);
        assertEquals("k", lock.key());
        assertTrue(lock.isHeld());

        lock.close();

        assertFalse(lock.isHeld());
        assertTrue(contenderOf(holder).acquireLock("k"), "the closed lock's key was still busy");
    }

    @Test
    void fencesRiseStrictlyWithEveryAcquisitionOfAKeyWhoeverTakesIt() {
        M holder = started("node-a");
        M contender = contenderOf(holder);
        long previous = 0;
        for (int i = 0; i < 6; i++) {
            Lock lock = (i % 2 == 0 ? holder : contender).acquire("k", Duration.ZERO);
            assertTrue(lock.fence() > previous, lock.fence() + " after " + previous);
            previous = lock.fence();
            lock.close();
        }
    }

    @Test
    void closingAReleasedLockAgainDoesNotReleaseItsSuccessor() {
        M holder = started("node-a");
        Lock stale = holder.acquire("k", Duration.ZERO);
        stale.close();
        Lock current = holder.acquire("k", Duration.ZERO);

        stale.close();

        assertTrue(current.isHeld());
        assertFalse(contenderOf(holder).acquireLock("k"), "the stale lock's close freed its successor's key");
    }

    static Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of("empty", "", "lock key is empty"),
                Arguments.of("null", null, "lock key is null"),
                Arguments.of("2049 bytes", "x".repeat(2049), "is 2049 UTF-8 bytes"),
                Arguments.of("1025 two-byte characters", "é".repeat(1025), "is 2050 UTF-8 bytes"),
                Arguments.of("513 non-BMP characters", LOCK.repeat(513), "is 2052 UTF-8 bytes"),
                Arguments.of("unpaired high surrogate", "order-\uD83D", "unpaired surrogate (\\ud83d) at index 6"),
                Arguments.of("unpaired low surrogate", "\uDD12-order", "unpaired surrogate (\\udd12) at index 0"),
                Arguments.of("control characters, too long", "a\nb\u0000" + "x".repeat(2046), "a\\u000ab\\u0000x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void badKeyIsRejectedBeforeAnyRequestWithWhatIsAcceptedAndLocksNothing(String what, String key, String says) {
        M manager = started("node");
        int before = requestsSent();
        for (Function<String, Object> call : List.<Function<String, Object>>of(manager::acquireLock,
                k -> manager.tryAcquire(k, Duration.ofSeconds(1)), k -> manager.acquire(k, Duration.ZERO))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.apply(key));
            assertTrue(e.getMessage().contains(says), e.getMessage());
            assertTrue(e.getMessage().contains("1 to 2048 UTF-8 bytes of well-formed Unicode"), e.getMessage());
            assertFalse(e.getMessage().chars().anyMatch(c -> Character.isISOControl(c)
                            || Character.isSurrogate((char) c) && !e.getMessage().contains(LOCK)),
                    "the message carries raw control characters or broken surrogates: " + e.getMessage());
        }
        assertEquals(before, requestsSent(), "a request went out for a bad key");
        assertTrue(heldKeys(manager).isEmpty());
        manager.acquire("fine", Duration.ZERO).close();
    }

    @Test
    void keysOfUpTo2048Utf8BytesAreAccepted() {
        M manager = started("node");
        for (String key : List.of("x".repeat(2048), "é".repeat(1024), LOCK.repeat(512))) {
            Lock lock = manager.acquire(key, Duration.ZERO);
            assertEquals(key, lock.key());
            lock.close();
        }
    }

    @Test
    void negativeOrMissingWaitIsRejectedBeforeAnyRequest() {
        M manager = started("node");
        int before = requestsSent();

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> manager.tryAcquire("k", Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> manager.acquire("k", Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> manager.tryAcquire("k", null));
        assertThrows(NullPointerException.class, () -> manager.acquire("k", null));

        assertEquals(before, requestsSent(), "a request went out for a bad wait");
        assertTrue(manager.acquireLock("k"), "something was left locked");
    }

    @Test
    void busyKeyStaysBusyForTheWholeWaitThenTryAcquireComesBackEmpty() {
        M holder = started("node-a");
        M contender = contenderOf(holder);
        Lock held = holder.acquire("busy", Duration.ZERO);
        long since = System.nanoTime();

        assertEquals(Optional.empty(), contender.tryAcquire("busy", Duration.ofMillis(500)));

        assertTrue(System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(500), "gave up before its wait");
        assertTrue(held.isHeld());
    }

    @Test
    void acquireOfAKeyBusyForTheWholeWaitThrowsLockNotAcquiredNamingTheKeyAndItsHolder() {
        M holder = started("node-a");
        M contender = contenderOf(holder);
        holder.acquire("busy", Duration.ZERO);
        long since = System.nanoTime();

        LockNotAcquiredException e = assertThrows(LockNotAcquiredException.class,
                () -> contender.acquire("busy", Duration.ofMillis(600)));

        assertTrue(System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(600), "gave up before its wait");
        assertEquals("busy", e.key());
        assertEquals(Optional.of("node-a"), e.holder());
        assertTrue(e.getMessage().contains("'busy'") && e.getMessage().contains("node-a"), e.getMessage());
    }

    @Test
    void waiterGetsTheKeySoonAfterItsHolderReleasesIt() throws Exception {
        M holder = started("node-a");
        M contender = contenderOf(holder);
        Lock held = holder.acquire("queue", Duration.ZERO);
        CompletableFuture<Optional<Lock>> waiter = inAnotherThread(() -> contender.tryAcquire("queue",
                Duration.ofSeconds(8)));
        Thread.sleep(500);
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
    void endlessWaitIsAcceptedAndEndsWhenTheKeyIsReleased() throws Exception {
        M holder = started("node-a");
        M contender = contenderOf(holder);
        Lock first = holder.acquire("k", ENDLESS);
        CompletableFuture<Lock> waiter = inAnotherThread(() -> contender.acquire("k", ENDLESS));
        Thread.sleep(50);

        first.close();

        assertTrue(waiter.get(5, TimeUnit.SECONDS).isHeld());
    }

    @Test
    void threadsOfOneManagerNeverHoldAKeyTogetherAndGetItsFencesInOrder() throws Exception {
        M manager = started("node-a");
        int times = acquisitionsPerThread();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicLong lastFence = new AtomicLong();
        AtomicInteger fencesOutOfOrder = new AtomicInteger();
        Supplier<Void> worker = () -> {
            for (int i = 0; i < times; i++) {
                try (Lock lock = manager.acquire("shared", Duration.ofSeconds(30))) {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    if (lock.fence() <= lastFence.getAndSet(lock.fence())) {
                        fencesOutOfOrder.incrementAndGet();
                    }
                    inside.decrementAndGet();
                }
            }
            return null;
        };
        CompletableFuture<?>[] runs = new CompletableFuture<?>[4];
        for (int t = 0; t < runs.length; t++) {
            runs[t] = inAnotherThread(worker);
        }
        CompletableFuture.allOf(runs).get(50, TimeUnit.SECONDS);

        assertEquals(0, overlaps.get());
        assertEquals(0, fencesOutOfOrder.get());
    }

    @Test
    void closeNeverReleasesALockStillInUseAndLaterCallsFailUnavailable() {
        M manager = started("node-a");
        Lock inUse = manager.acquire("one", Duration.ZERO);

        manager.close();

        assertTrue(inUse.isHeld(), "closing released a lock whose holder had not");
        assertEquals(Set.of("one"), heldKeys(manager));
        LockUnavailableException closed = assertThrows(LockUnavailableException.class,
                () -> manager.acquire("k", Duration.ZERO));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(LockUnavailableException.class, () -> manager.acquireLock("k"));
        assertThrows(LockUnavailableException.class, () -> manager.tryAcquire("k", Duration.ofSeconds(1)));
        inUse.close();
        assertFalse(inUse.isHeld());
        assertTrue(heldKeys(manager).isEmpty());
    }

    /** Runs {@code work} on a thread of its own: the common pool may have a single thread on a small machine. */
    private static <T> CompletableFuture<T> inAnotherThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, r -> {
            Thread t = new Thread(r, "contract-party");
            t.setDaemon(true);
            t.start();
        });
    }
}
