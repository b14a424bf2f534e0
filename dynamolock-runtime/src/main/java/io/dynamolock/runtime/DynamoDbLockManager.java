package io.dynamolock.runtime;

import io.dynamolock.Lock;
import io.dynamolock.LockLostException;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
    /** How long stopping waits for background release retries still due (three, backoff up to 2 s). */
    private static final Duration BACKGROUND_BOUND = Duration.ofSeconds(5);

    private final LockSettings settings;
    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final Host host;
    private final ClockSkewGuard guard;
    private final Heartbeat heartbeat;
    private final Readiness readiness;
    private final AcquireLoop acquirer;
    private final ConcurrentHashMap<String, HeldLock> held = new ConcurrentHashMap<>();
    private final Closing closing;

    private DynamoDbLockManager(Builder b, LockSettings settings) {
        this.settings = settings;
        this.ownsClient = b.client == null;
        this.client = ownsClient ? ClientFactory.newClient(settings, b.credentials) : b.client;
        this.host = b.host;
        boolean observe = settings.takeover() == LockSettings.Takeover.OBSERVE;
        this.guard = new ClockSkewGuard(settings.clockSkew(), !observe, host::nanoTime, this::clockCertainlyBehind);
        ClockStepWatch steps = new ClockStepWatch(host, this::clockStepped);
        LockProtocol protocol = new LockProtocol(client, settings, host, guard);
        this.heartbeat = new Heartbeat(protocol, settings.heartbeat(), host, steps);
        this.readiness = new Readiness(new TableProvisioner(client, settings, settings.startTimeout(), host, guard),
                settings, host);
        Releaser releaser = new Releaser(protocol, heartbeat, held, host);
        this.acquirer = new AcquireLoop(settings, protocol, guard, heartbeat, readiness, releaser, held, host, steps);
        this.closing = new Closing(settings, host, readiness, acquirer, held, this::stopWork);
    }

    /** A step of the wall clock against the monotonic one (a suspend, a clock set): every lease is that much shorter. */
    private void clockStepped(long stepNanos) {
        if (!held.isEmpty()) {
            LOG.log(Level.WARNING, "this node''s wall clock jumped {0} ms against its monotonic clock (a suspend, or a"
                    + " clock set by hand or by NTP): the deadlines of its {1} held lock(s) come that much closer",
                    Long.toString(stepNanos / 1_000_000), Integer.toString(held.size()));
        }
        held.values().forEach(lock -> lock.shorten(stepNanos));
        guard.startOver();
    }

    /** This node's clock is certainly further behind than clockSkew: the expiries it writes end too early. */
    private void clockCertainlyBehind() {
        held.values().forEach(lock -> lock.markLost(LockLostException.Reason.EXPIRED));
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
    @Override
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
        readiness.start();
        readiness.await(settings.startTimeout());
    }

    /**
     * Starts checking the table on a daemon thread and returns at once. Calls made meanwhile wait
     * for it, up to {@code dynamolock.startTimeout} on top of their own wait.
     *
     * @return completes when the manager is ready, or exceptionally when it cannot start
     */
    @Override
    public CompletableFuture<Void> startInBackground() {
        return readiness.start();
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
        return acquirer.tryAcquire(key, wait);
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
    @Override
    public Lock acquire(String key, Duration wait) {
        return acquirer.acquire(key, wait);
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
     * Closes the manager. New acquires are refused at once. A lock still in use (its holder has
     * not released it: a locked method still running, a manual holder not done) is never released
     * by closing, since another node could then take it while its holder works on: it keeps being
     * renewed, and closing waits up to {@code dynamolock.shutdownGrace} for the holders to release
     * their locks, each as it ends. A lock whose taking thread is inside {@code System.exit} is
     * released (that thread never returns to its work). Locks still in use after that stay renewed until
     * they are released or lost (or the JVM halts, after which they expire); only then do the
     * heartbeat's threads stop and the client the manager built close. A client passed to the
     * builder must outlive every lock. Idempotent; a concurrent second call waits for the first.
     */
    @Override
    public void close() {
        closing.close();
    }

    /** Stops the heartbeat and closes the client the manager built, once no lock is in use. */
    private void stopWork() {
        heartbeat.awaitBackground(BACKGROUND_BOUND);
        heartbeat.close();
        heartbeat.awaitTermination(Duration.ofSeconds(1));
        if (ownsClient) {
            client.close();
        }
    }

    /**
     * Builds a {@link DynamoDbLockManager}. It starts from the environment (or the settings given
     * to {@link #settings(LockSettings)}); every setter overrides that, in the order called.
     */
    public static final class Builder {
        private final List<Consumer<LockSettings.Changes>> changes = new ArrayList<>();
        private LockSettings base;
        private DynamoDbClient client;
        private AwsCredentialsProvider credentials;
        private Host host = Host.system();

        private Builder() {
        }

        private Builder change(Consumer<LockSettings.Changes> change) {
            changes.add(change);
            return this;
        }

        /** @param settings settings to start from instead of the environment @return this */
        public Builder settings(LockSettings settings) {
            this.base = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** @param table the lock table's name @return this */
        public Builder table(String table) {
            return change(c -> c.table(table));
        }

        /** @param region the AWS region @return this */
        public Builder region(String region) {
            return change(c -> c.region(region));
        }

        /** @param endpoint an endpoint override (LocalStack, an emulator, a VPC endpoint) @return this */
        public Builder endpoint(URI endpoint) {
            return change(c -> c.endpoint(endpoint));
        }

        /** @param owner this manager's owner id, unique among live managers @return this */
        public Builder owner(String owner) {
            return change(c -> c.owner(owner));
        }

        /** @param lease the lease written with every acquire and renewal @return this */
        public Builder lease(Duration lease) {
            return change(c -> c.lease(lease));
        }

        /** @param heartbeat the renewal period, at most a third of the lease @return this */
        public Builder heartbeat(Duration heartbeat) {
            return change(c -> c.heartbeat(heartbeat));
        }

        /** @param clockSkew how much the nodes' clocks may disagree @return this */
        public Builder clockSkew(Duration clockSkew) {
            return change(c -> c.clockSkew(clockSkew));
        }

        /** @param startTimeout how long calls wait for a manager that is still starting @return this */
        public Builder startTimeout(Duration startTimeout) {
            return change(c -> c.startTimeout(startTimeout));
        }

        /** @param provision whether to create the table when it is missing @return this */
        public Builder provision(boolean provision) {
            return change(c -> c.provision(provision));
        }

        /**
         * @param takeover how a waiter decides that a holder's lease ran out: by the clocks
         *                 (the default) or by observation, which needs no clock agreement
         * @return this
         */
        public Builder takeover(LockSettings.Takeover takeover) {
            return change(c -> c.takeover(takeover));
        }

        /**
         * Sets any setting from text, as its system property would.
         *
         * @param name  the setting's name, such as {@code billing}
         * @param value its text
         * @return this
         */
        public Builder set(String name, String value) {
            return change(c -> c.set(name, value));
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
         * Shorthand for {@code host(Host.system(clock))}.
         *
         * @param clock the wall clock for lease expiries and fence seeds @return this
         */
        public Builder clock(Clock clock) {
            return host(Host.system(clock));
        }

        /**
         * @param host the clocks, waiting, random draws and threads the manager uses; the
         *             default is {@link Host#system()}
         * @return this
         */
        public Builder host(Host host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @return the manager, not yet started
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public DynamoDbLockManager build() {
            LockSettings.Changes settings = (base != null ? base : LockSettings.fromEnvironment(Map.of())).change();
            changes.forEach(c -> c.accept(settings));
            return new DynamoDbLockManager(this, settings.done());
        }
    }
}
