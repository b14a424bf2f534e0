package io.dynamolock.runtime;

import io.dynamolock.DistributedLockManager;
import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockLostException.Reason;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The DynamoDB lock manager. Usable on its own, no agent needed:
 *
 * <pre>{@code
 * try (DynamoDbLockManager locks = DynamoDbLockManager.builder().table("locks").build()) {
 *     locks.start();
 *     try (Lock lock = locks.acquire("invoice-42", Duration.ofSeconds(5))) {
 *         settle(42, lock.fence());
 *     }
 * }
 * }</pre>
 *
 * <p>Each acquire, renewal and release is one conditional {@code UpdateItem}. Ownership belongs
 * to the manager: a key this manager holds is busy for it too. Held locks are renewed every
 * heartbeat until released; a lock whose renewal fails past its lease (on this node's clock)
 * or that another owner took over counts as lost, and its release throws
 * {@link LockLostException}.
 *
 * <p>The {@code Date} headers of DynamoDB's answers bound this node's clock offset from the
 * server's; in {@link LockSettings.Takeover#CLOCK} mode, acquires are refused while that offset
 * is certainly beyond {@code clockSkew} (see {@link ClockSkewGuard}).
 */
public final class DynamoDbLockManager implements NodeLockManager {
    private static final System.Logger LOG = System.getLogger("io.dynamolock");
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    private static final long BACKOFF_INITIAL_MILLIS = 50;
    private static final int RELEASE_RETRIES = 3;

    private enum State { NEW, STARTED, CLOSED }

    private final LockSettings settings;
    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final LockProtocol protocol;
    private final TableProvisioner provisioner;
    private final Heartbeat heartbeat;
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final ClockSkewGuard guard;
    private final Observations observations;
    private final boolean observe;
    private final long backoffCapMillis;
    private final ConcurrentHashMap<String, HeldLock> held = new ConcurrentHashMap<>();
    private final Set<String> acquiring = ConcurrentHashMap.newKeySet();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicReference<CompletableFuture<Void>> ready = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbLockManager(Builder b, LockSettings settings) {
        this.settings = settings;
        this.ownsClient = b.client == null;
        this.client = ownsClient ? newClient(settings, b.credentials) : b.client;
        this.nanoClock = System::nanoTime;
        this.wallClock = b.clock;
        this.observe = settings.takeover() == LockSettings.Takeover.OBSERVE;
        this.guard = new ClockSkewGuard(settings.clockSkew(), !observe, nanoClock);
        this.observations = new Observations(settings.lease().toNanos());
        this.protocol = new LockProtocol(client, settings, b.clock, nanoClock, guard);
        this.provisioner = new TableProvisioner(client, settings, settings.startTimeout());
        this.heartbeat = new Heartbeat(protocol, settings.heartbeat(), nanoClock);
        this.backoffCapMillis = Math.max(BACKOFF_INITIAL_MILLIS, Math.min(1000, settings.lease().toMillis() / 4));
    }

    /**
     * @return a builder that starts from the system properties and environment variables
     *     ({@code dynamolock.x} / {@code DYNAMOLOCK_X}), then the defaults; its setters override both
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the validated settings this manager runs with */
    public LockSettings settings() {
        return settings;
    }

    /** @return this manager's owner id, as written into the items it holds */
    public String owner() {
        return settings.owner();
    }

    /**
     * Checks (and, when configured, creates) the lock table, blocking until it is ready.
     *
     * @throws LockUnavailableException when the table cannot be used
     */
    @Override
    public void start() {
        startInBackground();
        awaitReady(settings.startTimeout());
    }

    /**
     * Starts checking the table on a daemon thread and returns at once. Calls made meanwhile wait
     * for it, up to {@code dynamolock.startTimeout} on top of their own wait.
     *
     * @return completes when the manager is ready, or exceptionally when it cannot start
     */
    public CompletableFuture<Void> startInBackground() {
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("lock manager is closed");
        }
        state.compareAndSet(State.NEW, State.STARTED);
        return beginStart(null).copy();
    }

    /** Starts provisioning unless an attempt is running or done; a failed transient attempt is replaced. */
    private CompletableFuture<Void> beginStart(CompletableFuture<Void> failed) {
        CompletableFuture<Void> attempt = new CompletableFuture<>();
        if (!ready.compareAndSet(failed, attempt)) {
            return ready.get();
        }
        Thread t = new Thread(() -> {
            try {
                provisioner.ensureTable();
                LOG.log(Level.DEBUG, "lock manager ready: table {0}, owner {1}", settings.table(), settings.owner());
                attempt.complete(null);
            } catch (Throwable e) {
                attempt.completeExceptionally(e);
            }
        }, "dynamolock-start");
        t.setDaemon(true);
        t.start();
        return attempt;
    }

    private void awaitReady(Duration bound) {
        State s = state.get();
        if (s == State.NEW) {
            throw new IllegalStateException("lock manager not started: call start() first");
        }
        if (s == State.CLOSED) {
            throw new LockUnavailableException("lock manager is closed");
        }
        CompletableFuture<Void> attempt = ready.get();
        if (attempt.isCompletedExceptionally() && transientFailure(attempt)) {
            attempt = beginStart(attempt);
        }
        try {
            attempt.get(boundedNanos(bound), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LockUnavailableException("lock table '" + settings.table() + "' was not ready within "
                    + bound + " (dynamolock.startTimeout): DynamoDB did not answer in time");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LockUnavailableException lue) {
                throw new LockUnavailableException(lue.getMessage(), lue);
            }
            throw new LockUnavailableException("lock table '" + settings.table() + "' could not be checked: "
                    + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted while waiting for the lock manager to start");
        }
    }

    private static boolean transientFailure(CompletableFuture<Void> attempt) {
        try {
            attempt.getNow(null);
            return false;
        } catch (Exception e) {
            return e.getCause() instanceof SdkException;
        }
    }

    @Override
    public boolean acquireLock(String key) {
        return tryAcquire(key, Duration.ZERO).isPresent();
    }

    @Override
    public void releaseLock(String key) {
        HeldLock lock = held.get(key);
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public Optional<Lock> tryAcquire(String key, Duration wait) {
        Attempt result = acquireWithin(key, wait);
        return Optional.ofNullable(result.lock);
    }

    /**
     * Takes the lock for {@code key}, waiting up to {@code wait} while it is busy.
     *
     * @param key  the lock key, 1 to 2048 UTF-8 bytes
     * @param wait how long to keep trying; zero tries once
     * @return the held lock
     * @throws LockNotAcquiredException naming the holder, when the key stayed busy for the whole wait
     * @throws LockUnavailableException when DynamoDB could not answer
     */
    public Lock acquire(String key, Duration wait) {
        Attempt result = acquireWithin(key, wait);
        if (result.lock != null) {
            return result.lock;
        }
        LockItem holder = result.holder;
        if (holder == null && !result.heldHere) {
            holder = readQuietly(key);
        }
        if (result.heldHere) {
            throw new LockNotAcquiredException(key, settings.owner(), null);
        }
        return throwNotAcquired(key, holder);
    }

    private static Lock throwNotAcquired(String key, LockItem holder) {
        boolean known = holder != null && holder.isHeld();
        throw new LockNotAcquiredException(key, known ? holder.owner() : null,
                known ? Instant.ofEpochMilli(holder.expiresMs()) : null);
    }

    private LockItem readQuietly(String key) {
        try {
            return protocol.read(key);
        } catch (SdkException e) {
            return null;
        }
    }

    /** What one wait ended with: a lock, or who held the key last (when known). */
    private record Attempt(HeldLock lock, LockItem holder, boolean heldHere) {
    }

    private Attempt acquireWithin(String key, Duration wait) {
        Keys.check(key);
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait " + wait + " is negative; expected zero or more");
        }
        long start = nanoClock.getAsLong();
        awaitReady(settings.startTimeout().plus(wait));
        long deadline = start + boundedNanos(wait);
        Backoff backoff = new Backoff(BACKOFF_INITIAL_MILLIS, backoffCapMillis);
        boolean reprovisioned = false;
        SdkException lastFailure = null;
        Attempt last;
        while (true) {
            if (closed.get()) {
                throw new LockUnavailableException("lock manager is closed");
            }
            guard.checkAcquire(key);
            CompletableFuture<Void> readyBefore = ready.get();
            try {
                last = attempt(key);
                lastFailure = null;
            } catch (ResourceNotFoundException e) {
                if (!settings.provision() || reprovisioned) {
                    throw new LockUnavailableException("lock table '" + settings.table() + "' does not exist"
                            + (settings.provision() ? " (it was created again, and vanished again)"
                                    : " and dynamolock.provision=false"), e);
                }
                // The table went away under a running manager (deleted, or a server that lost its state):
                // create it again, once per call, and try again at once.
                LOG.log(Level.WARNING, "lock table ''{0}'' is gone; creating it again", settings.table());
                beginStart(readyBefore);
                awaitReady(settings.startTimeout());
                reprovisioned = true;
                continue;
            } catch (SdkException e) {
                if (!worthRetrying(e)) {
                    throw new LockUnavailableException("DynamoDB refused the request for lock '" + Keys.printable(key)
                            + "': " + e.getMessage(), e);
                }
                lastFailure = e;
                last = null;
            }
            if (last != null && last.lock != null) {
                return last;
            }
            long left = deadline - nanoClock.getAsLong();
            if (left <= 0) {
                if (lastFailure != null) {
                    throw new LockUnavailableException("could not acquire lock '" + Keys.printable(key) + "': "
                            + (isThrottling(lastFailure) ? "DynamoDB throttled the requests past their retries ("
                                    : "DynamoDB did not answer (") + lastFailure.getMessage() + ")", lastFailure);
                }
                return last;
            }
            sleep(Math.min(pause(key, last, backoff), TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
    }

    /**
     * How long to wait before the next try: the backoff, but no longer than until the holder's
     * lease runs out as this node can tell (its written expiry plus the clock skew, or the
     * moment its version has been seen unchanged for the lease).
     */
    private long pause(String key, Attempt last, Backoff backoff) {
        long pause = backoff.nextMillis();
        if (observe) {
            long untilRipe = observations.nanosUntilRipe(key, nanoClock.getAsLong());
            if (untilRipe >= 0) {
                pause = Math.min(pause, TimeUnit.NANOSECONDS.toMillis(untilRipe) + 1);
            }
        } else if (last != null && last.holder != null && last.holder.isHeld()) {
            long untilExpired = last.holder.expiresMs() + settings.clockSkew().toMillis() + 1 - wallClock.millis();
            pause = Math.min(pause, Math.max(1, untilExpired));
        }
        return pause;
    }

    /** @return whether a failed call is worth trying again: I/O, timeouts, throttling, server errors */
    private static boolean worthRetrying(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException ase) {
            return ase.isThrottlingException() || ase.statusCode() >= 500;
        }
        return false;
    }

    private static boolean isThrottling(SdkException e) {
        return e instanceof AwsServiceException ase && ase.isThrottlingException();
    }

    private Attempt attempt(String key) {
        if (held.containsKey(key) || !acquiring.add(key)) {
            return new Attempt(null, null, true);
        }
        try {
            if (held.containsKey(key)) {
                return new Attempt(null, null, true);
            }
            Observations.Seen takeOver = observe ? observations.ripe(key, nanoClock.getAsLong()) : null;
            LockProtocol.Acquire answer = protocol.acquire(key, takeOver);
            if (answer instanceof LockProtocol.Acquired acquired) {
                return took(key, acquired);
            }
            LockProtocol.Busy busy = (LockProtocol.Busy) answer;
            if (observe && busy.holder() != null && busy.holder().isHeld()) {
                observations.saw(key, busy.holder(), busy.seenAtNanos());
            }
            return new Attempt(null, busy.holder(), false);
        } finally {
            acquiring.remove(key);
        }
    }

    private Attempt took(String key, LockProtocol.Acquired acquired) {
        observations.forget(key);
        long safeLease = settings.lease().minus(settings.clockSkew()).toNanos();
        HeldLock lock = new HeldLock(key, acquired.fence(), settings.owner(), safeLease, acquired.writeStartNanos(),
                nanoClock, this::release);
        if (!lock.isHeld()) {
            // An adopted attempt so old that its lease already ran out on this node's clock: free it and go on.
            LOG.log(Level.DEBUG, "lock ''{0}'' taken by an earlier attempt too long ago; releasing it",
                    Keys.printable(key));
            releaseQuietly(lock);
            return new Attempt(null, null, false);
        }
        if (guard.verdict() == ClockSkewGuard.Verdict.REFUSE) {
            // The answer that took the lock was the one to show this node's clock cannot be trusted.
            releaseQuietly(lock);
            guard.checkAcquire(key);
        }
        if (acquired.adopted()) {
            LOG.log(Level.DEBUG, "lock ''{0}'' was taken by an earlier attempt whose answer was lost; adopted",
                    Keys.printable(key));
        }
        held.put(key, lock);
        heartbeat.track(lock);
        return new Attempt(lock, null, false);
    }

    private void releaseQuietly(HeldLock lock) {
        try {
            protocol.release(lock.key(), lock.fence());
        } catch (SdkException e) {
            LOG.log(Level.DEBUG, "could not release ''{0}'': {1}; it expires after its lease",
                    Keys.printable(lock.key()), e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted while waiting for a lock");
        }
    }

    /**
     * Releases {@code lock}: renewal stops before the request goes out. A failed condition means
     * the lock had been lost; an I/O failure is retried in the background and otherwise left to
     * expire, without failing the caller.
     */
    private void release(HeldLock lock) {
        Reason lostBefore = lock.lostReason();
        if (!lock.markReleased()) {
            return;
        }
        heartbeat.untrack(lock);
        held.remove(lock.key(), lock);
        if (lostBefore == Reason.STOLEN) {
            throw new LockLostException(lock.key(), lock.fence(), lostBefore);
        }
        boolean kept;
        try {
            kept = protocol.release(lock.key(), lock.fence());
        } catch (SdkException e) {
            LOG.log(Level.WARNING, "release of ''{0}'' failed, retrying in the background: {1}",
                    Keys.printable(lock.key()), e.getMessage());
            retryReleaseInBackground(lock);
            kept = true;
        }
        if (lostBefore != null) {
            throw new LockLostException(lock.key(), lock.fence(), lostBefore);
        }
        if (!kept) {
            LOG.log(Level.WARNING, "lock ''{0}'' (owner {1}, fence {2}) lost: STOLEN (found at release)",
                    Keys.printable(lock.key()), settings.owner(), Long.toString(lock.fence()));
            throw new LockLostException(lock.key(), lock.fence(), Reason.STOLEN);
        }
    }

    private void retryReleaseInBackground(HeldLock lock) {
        try {
            heartbeat.workers().execute(() -> {
                Backoff backoff = new Backoff(200, 2000);
                for (int i = 0; i < RELEASE_RETRIES && !closed.get(); i++) {
                    try {
                        Thread.sleep(backoff.nextMillis());
                        protocol.release(lock.key(), lock.fence());
                        return;
                    } catch (SdkException e) {
                        LOG.log(Level.DEBUG, "release retry of ''{0}'' failed: {1}", Keys.printable(lock.key()),
                                e.getMessage());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                LOG.log(Level.WARNING, "could not release ''{0}''; it expires after its lease",
                        Keys.printable(lock.key()));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.WARNING, "could not release ''{0}''; it expires after its lease", Keys.printable(lock.key()));
        }
    }

    /** @return what this manager knows of its clock's offset from DynamoDB's (for tests) */
    ClockSkewGuard clockSkewGuard() {
        return guard;
    }

    /** @return the keys this manager holds now */
    public Set<String> heldKeys() {
        return Set.copyOf(held.keySet());
    }

    /**
     * Stops renewing, releases every held lock (concurrently, within a bounded time) and closes
     * the client it created. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        state.set(State.CLOSED);
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        for (HeldLock lock : held.values()) {
            releases.add(CompletableFuture.runAsync(() -> {
                try {
                    lock.close();
                } catch (LockLostException e) {
                    LOG.log(Level.WARNING, e.getMessage());
                }
            }, heartbeat.workers()));
        }
        try {
            CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new))
                    .get(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "not every lock was released at close; the rest expire after their lease");
        }
        heartbeat.close();
        heartbeat.awaitTermination(Duration.ofSeconds(1));
        if (ownsClient) {
            client.close();
        }
    }

    private static DynamoDbClient newClient(LockSettings settings, AwsCredentialsProvider credentials) {
        Duration lease = settings.lease();
        // Well below the lease, so that one stuck request cannot eat a renewal's whole margin.
        Duration attempt = clamp(lease.dividedBy(6), Duration.ofMillis(500), Duration.ofSeconds(5));
        // The SDK's default for DynamoDB is 9 attempts with throttling backoff from 0.5 s up to 20 s: one
        // throttled renewal could then block past its lock's deadline. Three attempts with backoff capped
        // well inside the lease keep a call short; the heartbeat and the wait loop retry beyond that.
        Duration backoffCap = clamp(lease.dividedBy(10), Duration.ofMillis(100), Duration.ofSeconds(1));
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(attempt)
                        .socketTimeout(attempt)
                        .build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(attempt)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), backoffCap))
                                .throttlingBackoffStrategy(
                                        BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(50), backoffCap))
                                .build()));
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        settings.region().ifPresent(r -> builder.region(Region.of(r)));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** About 73 years: far beyond any real wait, yet small enough that a monotonic clock reading plus it cannot overflow. */
    private static final long LONGEST_WAIT_NANOS = Long.MAX_VALUE / 4;

    /** @return {@code d} in nanoseconds, at most {@link #LONGEST_WAIT_NANOS}: {@code waitFor = "999999999999h"} is legal */
    private static long boundedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(LONGEST_WAIT_NANOS)) >= 0 ? LONGEST_WAIT_NANOS : d.toNanos();
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    /** Builds a {@link DynamoDbLockManager}; every setter overrides the environment and the defaults. */
    public static final class Builder {
        private final Map<String, String> textSettings = new java.util.LinkedHashMap<>();
        private LockSettings base;
        private Duration lease;
        private Duration heartbeat;
        private Duration clockSkew;
        private Duration startTimeout;
        private Boolean provision;
        private DynamoDbClient client;
        private AwsCredentialsProvider credentials;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @param settings settings to start from instead of the environment @return this */
        public Builder settings(LockSettings settings) {
            this.base = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** @param table the lock table's name @return this */
        public Builder table(String table) {
            textSettings.put(LockSettings.TABLE, table);
            return this;
        }

        /** @param region the AWS region @return this */
        public Builder region(String region) {
            textSettings.put(LockSettings.REGION, region);
            return this;
        }

        /** @param endpoint an endpoint override (LocalStack, an emulator, a VPC endpoint) @return this */
        public Builder endpoint(URI endpoint) {
            textSettings.put(LockSettings.ENDPOINT, endpoint.toString());
            return this;
        }

        /** @param owner this manager's owner id, unique among live managers @return this */
        public Builder owner(String owner) {
            textSettings.put(LockSettings.OWNER, owner);
            return this;
        }

        /** @param lease the lease written with every acquire and renewal @return this */
        public Builder lease(Duration lease) {
            this.lease = lease;
            return this;
        }

        /** @param heartbeat the renewal period, at most a third of the lease @return this */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        /** @param clockSkew how much the nodes' clocks may disagree @return this */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        /** @param startTimeout how long calls wait for a manager that is still starting @return this */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** @param provision whether to create the table when it is missing @return this */
        public Builder provision(boolean provision) {
            this.provision = provision;
            return this;
        }

        /**
         * Sets any setting from text, as its system property would.
         *
         * @param name  the setting's name, such as {@code billing}
         * @param value its text
         * @return this
         */
        public Builder set(String name, String value) {
            textSettings.put(name, value);
            return this;
        }

        /**
         * @param client a client to use instead of one built from the settings; the manager does
         *               not close it
         * @return this
         */
        public Builder dynamoDbClient(DynamoDbClient client) {
            this.client = client;
            return this;
        }

        /**
         * @param credentials credentials for the client the manager builds, instead of the SDK's
         *                    default chain; ignored with {@link #dynamoDbClient(DynamoDbClient)}
         * @return this
         */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * @param takeover how a waiter decides that a holder's lease ran out: by the clocks
         *                 (the default) or by observation, which needs no clock agreement
         * @return this
         */
        public Builder takeover(LockSettings.Takeover takeover) {
            textSettings.put(LockSettings.TAKEOVER, takeover.name());
            return this;
        }

        /** @param clock the wall clock for lease expiries and fence seeds @return this */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the manager, not yet started
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public DynamoDbLockManager build() {
            LockSettings.Changes changes = (base != null ? base : LockSettings.fromEnvironment(Map.of())).change();
            textSettings.forEach(changes::set);
            if (lease != null) {
                changes.lease(lease);
            }
            if (heartbeat != null) {
                changes.heartbeat(heartbeat);
            }
            if (clockSkew != null) {
                changes.clockSkew(clockSkew);
            }
            if (startTimeout != null) {
                changes.startTimeout(startTimeout);
            }
            if (provision != null) {
                changes.provision(provision);
            }
            return new DynamoDbLockManager(this, changes.done());
        }
    }
}
