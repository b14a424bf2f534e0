package io.dynamolock.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The lock manager's configuration, validated as a whole. Every setting is read in this order:
 * system property {@code dynamolock.x}, environment variable {@code DYNAMOLOCK_X}, agent argument
 * {@code x=...}, then the default. A camel-case name has two environment variables, which must agree
 * when both are set: {@code DYNAMOLOCK_CLOCK_SKEW} and {@code DYNAMOLOCK_CLOCKSKEW} (Spring Boot's
 * spelling). An invalid value fails with an {@link IllegalArgumentException} that names the
 * setting, the value and what is accepted. {@link SettingTable} lists the settings.
 */
public final class LockSettings {
    private static final String RENEWAL_ROOM = "1.1 x heartbeat + 2 x the request attempt timeout (lease/6, 500ms"
            + " to 5s) + the retry backoff cap (lease/10, 100ms to 1s)";

    /** Billing mode of a table that the manager creates. */
    public enum Billing {
        /** On demand: billed per request, no capacity to plan. */
        PAY_PER_REQUEST,
        /** Provisioned: {@link LockSettings#capacity()} read and write units. */
        PROVISIONED
    }

    /**
     * How a waiter decides that a holder's lease has run out.
     */
    public enum Takeover {
        /**
         * By the clocks: the holder's written expiry lies more than {@code clockSkew} in the past
         * on the waiter's wall clock. Needs the nodes' clocks to agree within {@code clockSkew}.
         */
        CLOCK,
        /**
         * By observation: the waiter has seen the same record version ({@code fence}, {@code beat})
         * unchanged for the holder's lease on its own monotonic clock, and takes over on the
         * condition that the version is still that one. Needs no clock agreement at all; a waiter
         * that arrives late waits a whole lease from its first look.
         */
        OBSERVE
    }

    /** Where locks live. */
    public enum Store {
        /** The DynamoDB table: locks exclude every node that uses the table. */
        DYNAMODB,
        /**
         * This JVM's memory ({@link InMemoryLockManager}): locks exclude only this JVM's threads.
         * For tests and benchmarks of the weaving without a server; never for a cluster.
         */
        MEMORY
    }

    /** The value of every setting that has one: all but an unset region or endpoint. */
    private final Map<Setting<?>, Object> values;

    private LockSettings(Map<Setting<?>, Object> given) {
        Map<Setting<?>, Object> all = new HashMap<>();
        for (Setting<?> setting : SettingTable.ALL) {
            Object value = given.containsKey(setting) ? given.get(setting) : setting.defaultValue();
            if (value != null) {
                setting.check(value);
                all.put(setting, value);
            }
        }
        this.values = Map.copyOf(all);
        Duration lease = lease();
        Duration heartbeat = heartbeat();
        if (heartbeat.multipliedBy(3).compareTo(lease) > 0) {
            throw SettingTable.HEARTBEAT.rejected(heartbeat,
                    "at most a third of the lease (" + SettingTable.LEASE.write(lease) + ")");
        }
        // A renewal goes out at most 1.1 x heartbeat (the jitter) after the last write was sent, and must be
        // answered before the lease, shortened by the clock skew, runs out on this node's clock. Leave it room
        // for one request attempt that times out, the backoff, and the SDK's retry: otherwise one stuck
        // request, or a routine late renewal, loses the lock.
        Duration renewalRoom = heartbeat.multipliedBy(11).dividedBy(10)
                .plus(requestAttemptTimeout(lease).multipliedBy(2)).plus(requestBackoffCap(lease));
        if (renewalRoom.compareTo(lease) > 0) {
            throw SettingTable.LEASE.rejected(lease, "at least " + RENEWAL_ROOM + " = "
                    + SettingTable.LEASE.write(renewalRoom));
        }
        if (clockSkew().compareTo(lease.minus(renewalRoom)) > 0) {
            throw SettingTable.CLOCK_SKEW.rejected(clockSkew(), "at most lease - (" + RENEWAL_ROOM + ") = "
                    + SettingTable.LEASE.write(lease.minus(renewalRoom)));
        }
    }

    /**
     * @return how long one request attempt of the client the runtime builds may take: lease/6,
     *     between 500 ms and 5 s, so that one stuck request cannot eat a renewal's whole margin
     */
    public Duration requestAttemptTimeout() {
        return requestAttemptTimeout(lease());
    }

    /** @return the longest backoff between two attempts of one call: lease/10, between 100 ms and 1 s */
    public Duration requestBackoffCap() {
        return requestBackoffCap(lease());
    }

    private static Duration requestAttemptTimeout(Duration lease) {
        return clamp(lease.dividedBy(6), Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    private static Duration requestBackoffCap(Duration lease) {
        return clamp(lease.dividedBy(10), Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    /** @return the defaults of every setting, with a fresh owner id */
    public static LockSettings defaults() {
        return new LockSettings(Map.of());
    }

    /**
     * Reads the settings from this JVM's system properties and environment.
     *
     * @param agentArguments agent arguments ({@code table=locks,lease=20s} parsed into a map), or empty
     * @return the validated settings
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public static LockSettings fromEnvironment(Map<String, String> agentArguments) {
        return resolve(System::getProperty, System::getenv, agentArguments);
    }

    /**
     * Resolves every setting from the given sources, in the documented order.
     *
     * @param systemProperties looks up {@code dynamolock.x}
     * @param environment      looks up {@code DYNAMOLOCK_X} (and {@code DYNAMOLOCK_CLOCKSKEW} for
     *                         {@code DYNAMOLOCK_CLOCK_SKEW})
     * @param agentArguments   agent arguments by setting name
     * @return the validated settings
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public static LockSettings resolve(Function<String, String> systemProperties,
                                       Function<String, String> environment,
                                       Map<String, String> agentArguments) {
        agentArguments.keySet().forEach(name -> SettingTable.named(name, "agent argument"));
        Map<Setting<?>, Object> given = new HashMap<>();
        for (Setting<?> setting : SettingTable.ALL) {
            Object value = setting.lookUp(systemProperties, environment, agentArguments);
            if (value != null) {
                given.put(setting, value);
            }
        }
        return new LockSettings(given);
    }

    /**
     * Parses agent arguments of the form {@code table=locks,lease=20s}.
     *
     * @param arguments the text after {@code =} in {@code -javaagent:...=}, possibly null
     * @return the arguments by name, in order
     * @throws IllegalArgumentException when an entry is not {@code name=value}
     */
    public static Map<String, String> parseAgentArguments(String arguments) {
        Map<String, String> result = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return result;
        }
        for (String entry : arguments.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("agent argument '" + entry
                        + "' is not name=value (for example table=locks,lease=20s)");
            }
            result.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return result;
    }

    /** @return a copy to change settings on, validated again by {@link Changes#done()} */
    public Changes change() {
        return new Changes(new HashMap<>(values));
    }

    /** @return the lock table's name */
    public String table() {
        return get(SettingTable.TABLE);
    }

    /** @return the AWS region, when set; otherwise the SDK's default chain decides */
    public Optional<String> region() {
        return Optional.ofNullable(get(SettingTable.REGION));
    }

    /** @return the endpoint override, when set */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(get(SettingTable.ENDPOINT));
    }

    /** @return the lease written with every acquire and renewal */
    public Duration lease() {
        return get(SettingTable.LEASE);
    }

    /** @return the renewal period of each held lock */
    public Duration heartbeat() {
        return get(SettingTable.HEARTBEAT);
    }

    /** @return this manager's owner id */
    public String owner() {
        return get(SettingTable.OWNER);
    }

    /** @return whether a missing table is created */
    public boolean provision() {
        return get(SettingTable.PROVISION);
    }

    /** @return the billing mode of a created table */
    public Billing billing() {
        return get(SettingTable.BILLING);
    }

    /** @return read and write capacity of a created table in {@link Billing#PROVISIONED} mode */
    public long capacity() {
        return get(SettingTable.CAPACITY);
    }

    /** @return how much the nodes' clocks may disagree */
    public Duration clockSkew() {
        return get(SettingTable.CLOCK_SKEW);
    }

    /** @return how long a call waits for a runtime that is still starting */
    public Duration startTimeout() {
        return get(SettingTable.START_TIMEOUT);
    }

    /** @return how long closing waits for locks still in use to be released by their holders */
    public Duration shutdownGrace() {
        return get(SettingTable.SHUTDOWN_GRACE);
    }

    /** @return how a waiter decides that a holder's lease ran out */
    public Takeover takeover() {
        return get(SettingTable.TAKEOVER);
    }

    /** @return where locks live: the DynamoDB table (the default) or, for tests, this JVM's memory */
    public Store store() {
        return get(SettingTable.STORE);
    }

    /** @return every setting as it would be written, such as {@code LockSettings{table=dynamolock, ...}} */
    @Override
    public String toString() {
        return SettingTable.ALL.stream().map(s -> s.name() + "=" + s.write(values.get(s)))
                .collect(Collectors.joining(", ", "LockSettings{", "}"));
    }

    private <T> T get(Setting<T> setting) {
        return setting.cast(values.get(setting));
    }

    /** A mutable copy of settings; {@link #done()} validates it. */
    public static final class Changes {
        private final Map<Setting<?>, Object> values;

        private Changes(Map<Setting<?>, Object> values) {
            this.values = values;
        }

        /**
         * Sets a setting from text, exactly as a system property would.
         *
         * @param name  the setting's name without prefix, such as {@code lease}
         * @param value its text
         * @return this
         * @throws IllegalArgumentException when the name is unknown or the value invalid
         */
        public Changes set(String name, String value) {
            Setting<?> setting = SettingTable.named(name, "setting");
            values.put(setting, setting.parse(Objects.requireNonNull(value, name), "setting " + name));
            return this;
        }

        /** @param table the table name @return this */
        public Changes table(String table) {
            return set(SettingTable.TABLE.name(), table);
        }

        /** @param region the AWS region @return this */
        public Changes region(String region) {
            return set(SettingTable.REGION.name(), region);
        }

        /** @param endpoint the endpoint override, an http or https URL with a host @return this */
        public Changes endpoint(URI endpoint) {
            return set(SettingTable.ENDPOINT.name(), endpoint.toString());
        }

        /** @param lease the lease @return this */
        public Changes lease(Duration lease) {
            return put(SettingTable.LEASE, lease);
        }

        /** @param heartbeat the renewal period @return this */
        public Changes heartbeat(Duration heartbeat) {
            return put(SettingTable.HEARTBEAT, heartbeat);
        }

        /** @param clockSkew the tolerated clock disagreement @return this */
        public Changes clockSkew(Duration clockSkew) {
            return put(SettingTable.CLOCK_SKEW, clockSkew);
        }

        /** @param startTimeout how long calls wait for start-up @return this */
        public Changes startTimeout(Duration startTimeout) {
            return put(SettingTable.START_TIMEOUT, startTimeout);
        }

        /** @param owner this manager's owner id @return this */
        public Changes owner(String owner) {
            return set(SettingTable.OWNER.name(), owner);
        }

        /** @param shutdownGrace how long closing waits for locks still in use @return this */
        public Changes shutdownGrace(Duration shutdownGrace) {
            return put(SettingTable.SHUTDOWN_GRACE, shutdownGrace);
        }

        /** @param provision whether to create a missing table @return this */
        public Changes provision(boolean provision) {
            return put(SettingTable.PROVISION, provision);
        }

        /** @param billing the billing mode of a table the manager creates @return this */
        public Changes billing(Billing billing) {
            return put(SettingTable.BILLING, billing);
        }

        /** @param capacity read and write units of a created table in {@link Billing#PROVISIONED} mode @return this */
        public Changes capacity(long capacity) {
            return put(SettingTable.CAPACITY, capacity);
        }

        /** @param takeover how a waiter decides that a lease ran out @return this */
        public Changes takeover(Takeover takeover) {
            return put(SettingTable.TAKEOVER, takeover);
        }

        /** @param store where locks live @return this */
        public Changes store(Store store) {
            return put(SettingTable.STORE, store);
        }

        /** @return the validated settings @throws IllegalArgumentException naming the first invalid setting */
        public LockSettings done() {
            return new LockSettings(values);
        }

        private <T> Changes put(Setting<T> setting, T value) {
            values.put(setting, Objects.requireNonNull(value, setting.name()));
            return this;
        }
    }
}
