package io.dynamolock.runtime;

import io.dynamolock.syntax.DurationSyntax;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lock manager's configuration, validated as a whole. Every setting is read in this order:
 * system property {@code dynamolock.x}, environment variable {@code DYNAMOLOCK_X}, agent argument
 * {@code x=...}, then the default. An invalid value fails with an {@link IllegalArgumentException}
 * that names the setting, the value and what is accepted.
 */
public final class LockSettings {

    /** Billing mode of a table that the manager creates. */
    public enum Billing { PAY_PER_REQUEST, PROVISIONED }

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

    static final String TABLE = "table";
    static final String REGION = "region";
    static final String ENDPOINT = "endpoint";
    static final String LEASE = "lease";
    static final String HEARTBEAT = "heartbeat";
    static final String OWNER = "owner";
    static final String PROVISION = "provision";
    static final String BILLING = "billing";
    static final String CAPACITY = "capacity";
    static final String CLOCK_SKEW = "clockSkew";
    static final String START_TIMEOUT = "startTimeout";
    static final String TAKEOVER = "takeover";
    static final String STORE = "store";

    private final String table;
    private final String region;
    private final URI endpoint;
    private final Duration lease;
    private final Duration heartbeat;
    private final String owner;
    private final boolean provision;
    private final Billing billing;
    private final long capacity;
    private final Duration clockSkew;
    private final Duration startTimeout;
    private final Takeover takeover;
    private final Store store;

    private LockSettings(Values v) {
        this.table = v.table;
        this.region = v.region;
        this.endpoint = v.endpoint;
        this.lease = v.lease;
        this.heartbeat = v.heartbeat;
        this.owner = v.owner;
        this.provision = v.provision;
        this.billing = v.billing;
        this.capacity = v.capacity;
        this.clockSkew = v.clockSkew;
        this.startTimeout = v.startTimeout;
        this.takeover = v.takeover;
        this.store = v.store;
    }

    /** @return the defaults of every setting, with a fresh owner id */
    public static LockSettings defaults() {
        return new Values().validate();
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
     * @param environment      looks up {@code DYNAMOLOCK_X}
     * @param agentArguments   agent arguments by setting name
     * @return the validated settings
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public static LockSettings resolve(Function<String, String> systemProperties,
                                       Function<String, String> environment,
                                       Map<String, String> agentArguments) {
        for (String name : agentArguments.keySet()) {
            if (!Values.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown agent argument '" + name + "'; accepted: "
                        + String.join(", ", Values.NAMES));
            }
        }
        Values v = new Values();
        for (String name : Values.NAMES) {
            String raw = systemProperties.apply("dynamolock." + name);
            String source = "system property dynamolock." + name;
            if (raw == null) {
                raw = environment.apply(environmentName(name));
                source = "environment variable " + environmentName(name);
            }
            if (raw == null) {
                raw = agentArguments.get(name);
                source = "agent argument " + name;
            }
            if (raw != null) {
                v.set(name, raw, source);
            }
        }
        return v.validate();
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

    static String environmentName(String name) {
        return "DYNAMOLOCK_" + name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** @return a copy to change settings on, validated again by {@link Changes#done()} */
    public Changes change() {
        return new Changes(new Values(this));
    }

    /** @return the lock table's name */
    public String table() {
        return table;
    }

    /** @return the AWS region, when set; otherwise the SDK's default chain decides */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** @return the endpoint override, when set */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** @return the lease written with every acquire and renewal */
    public Duration lease() {
        return lease;
    }

    /** @return the renewal period of each held lock */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** @return this manager's owner id */
    public String owner() {
        return owner;
    }

    /** @return whether a missing table is created */
    public boolean provision() {
        return provision;
    }

    /** @return the billing mode of a created table */
    public Billing billing() {
        return billing;
    }

    /** @return read and write capacity of a created table in {@link Billing#PROVISIONED} mode */
    public long capacity() {
        return capacity;
    }

    /** @return how much the nodes' clocks may disagree */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** @return how long a call waits for a runtime that is still starting */
    public Duration startTimeout() {
        return startTimeout;
    }

    /** @return how a waiter decides that a holder's lease ran out */
    public Takeover takeover() {
        return takeover;
    }

    /** @return where locks live: the DynamoDB table (the default) or, for tests, this JVM's memory */
    public Store store() {
        return store;
    }

    @Override
    public String toString() {
        return "LockSettings{table=" + table + ", region=" + region + ", endpoint=" + endpoint + ", lease=" + lease
                + ", heartbeat=" + heartbeat + ", owner=" + owner + ", provision=" + provision + ", billing=" + billing
                + ", capacity=" + capacity + ", clockSkew=" + clockSkew + ", startTimeout=" + startTimeout
                + ", takeover=" + takeover + ", store=" + store + "}";
    }

    /** A mutable copy of settings; {@link #done()} validates it. */
    public static final class Changes {
        private final Values values;

        private Changes(Values values) {
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
            if (!Values.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown setting '" + name + "'; accepted: "
                        + String.join(", ", Values.NAMES));
            }
            values.set(name, value, "setting " + name);
            return this;
        }

        /** @param table the table name @return this */
        public Changes table(String table) {
            return set(TABLE, table);
        }

        /** @param region the AWS region @return this */
        public Changes region(String region) {
            return set(REGION, region);
        }

        /** @param endpoint the endpoint override @return this */
        public Changes endpoint(URI endpoint) {
            return set(ENDPOINT, endpoint.toString());
        }

        /** @param lease the lease @return this */
        public Changes lease(Duration lease) {
            values.lease = lease;
            return this;
        }

        /** @param heartbeat the renewal period @return this */
        public Changes heartbeat(Duration heartbeat) {
            values.heartbeat = heartbeat;
            return this;
        }

        /** @param clockSkew the tolerated clock disagreement @return this */
        public Changes clockSkew(Duration clockSkew) {
            values.clockSkew = clockSkew;
            return this;
        }

        /** @param startTimeout how long calls wait for start-up @return this */
        public Changes startTimeout(Duration startTimeout) {
            values.startTimeout = startTimeout;
            return this;
        }

        /** @param owner this manager's owner id @return this */
        public Changes owner(String owner) {
            return set(OWNER, owner);
        }

        /** @param provision whether to create a missing table @return this */
        public Changes provision(boolean provision) {
            values.provision = provision;
            return this;
        }

        /** @param takeover how a waiter decides that a lease ran out @return this */
        public Changes takeover(Takeover takeover) {
            values.takeover = Objects.requireNonNull(takeover, "takeover");
            return this;
        }

        /** @param store where locks live @return this */
        public Changes store(Store store) {
            values.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @return the validated settings @throws IllegalArgumentException naming the first invalid setting */
        public LockSettings done() {
            return values.validate();
        }
    }

    /** Parsed but not yet cross-checked values. */
    private static final class Values {
        static final java.util.List<String> NAMES = java.util.List.of(TABLE, REGION, ENDPOINT, LEASE, HEARTBEAT,
                OWNER, PROVISION, BILLING, CAPACITY, CLOCK_SKEW, START_TIMEOUT, TAKEOVER, STORE);

        String table = "dynamolock";
        String region;
        URI endpoint;
        Duration lease = Duration.ofSeconds(30);
        Duration heartbeat = Duration.ofSeconds(10);
        String owner = OwnerIds.generate();
        boolean provision = true;
        Billing billing = Billing.PAY_PER_REQUEST;
        long capacity = 1;
        Duration clockSkew = Duration.ofSeconds(1);
        Duration startTimeout = Duration.ofSeconds(30);
        Takeover takeover = Takeover.CLOCK;
        Store store = Store.DYNAMODB;

        Values() {
        }

        Values(LockSettings s) {
            table = s.table;
            region = s.region;
            endpoint = s.endpoint;
            lease = s.lease;
            heartbeat = s.heartbeat;
            owner = s.owner;
            provision = s.provision;
            billing = s.billing;
            capacity = s.capacity;
            clockSkew = s.clockSkew;
            startTimeout = s.startTimeout;
            takeover = s.takeover;
            store = s.store;
        }

        void set(String name, String raw, String source) {
            String value = raw.trim();
            switch (name) {
                case TABLE -> table = value;
                case REGION -> region = value;
                case ENDPOINT -> endpoint = endpoint(value, source);
                case LEASE -> lease = duration(value, source);
                case HEARTBEAT -> heartbeat = duration(value, source);
                case OWNER -> owner = value;
                case PROVISION -> provision = bool(value, source);
                case BILLING -> billing = billing(value, source);
                case CAPACITY -> capacity = capacity(value, source);
                case CLOCK_SKEW -> clockSkew = duration(value, source);
                case START_TIMEOUT -> startTimeout = duration(value, source);
                case TAKEOVER -> takeover = takeover(value, source);
                case STORE -> store = store(value, source);
                default -> throw new IllegalStateException(name);
            }
        }

        LockSettings validate() {
            if (!table.matches("[a-zA-Z0-9_.-]{3,255}")) {
                throw invalid(TABLE, table, "3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'");
            }
            if (region != null && !region.matches("[a-z0-9-]+")) {
                throw invalid(REGION, region, "an AWS region name such as eu-west-1");
            }
            if (owner.isEmpty() || owner.length() > 256) {
                throw invalid(OWNER, owner, "1 to 256 characters");
            }
            positive(LEASE, lease);
            positive(HEARTBEAT, heartbeat);
            positive(START_TIMEOUT, startTimeout);
            // Both are counted in nanoseconds on monotonic clocks; a year is far beyond any real use.
            atMostAYear(LEASE, lease);
            atMostAYear(START_TIMEOUT, startTimeout);
            if (clockSkew.isNegative()) {
                throw invalid(CLOCK_SKEW, clockSkew, "zero or a positive duration");
            }
            if (heartbeat.multipliedBy(3).compareTo(lease) > 0) {
                throw invalid(HEARTBEAT, heartbeat, "at most a third of the lease (" + text(lease) + ")");
            }
            if (clockSkew.compareTo(lease.minus(heartbeat)) >= 0) {
                throw invalid(CLOCK_SKEW, clockSkew, "below lease - heartbeat (" + text(lease.minus(heartbeat)) + ")");
            }
            Objects.requireNonNull(billing);
            return new LockSettings(this);
        }

        private static void atMostAYear(String name, Duration d) {
            if (d.compareTo(Duration.ofDays(365)) > 0) {
                throw invalid(name, d, "at most 365 days");
            }
        }

        private static void positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw invalid(name, d, "a positive duration");
            }
        }

        private static IllegalArgumentException invalid(String name, Object value, String accepted) {
            Object shown = value instanceof Duration d ? text(d) : value;
            return new IllegalArgumentException("invalid dynamolock." + name + " '" + shown + "': expected " + accepted);
        }

        /** A duration as the settings are written: 11s, 500ms, 2m, 1h (not PT11S). */
        private static String text(Duration d) {
            long ms = d.toMillis();
            if (ms != 0 && ms % 3_600_000 == 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms != 0 && ms % 60_000 == 0) {
                return ms / 60_000 + "m";
            }
            if (ms % 1000 == 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }

        private static Duration duration(String value, String source) {
            try {
                return DurationSyntax.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid " + source + " '" + value + "': expected "
                        + DurationSyntax.ACCEPTED, e);
            }
        }

        private static boolean bool(String value, String source) {
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException("invalid " + source + " '" + value + "': expected true or false");
        }

        private static Billing billing(String value, String source) {
            for (Billing b : Billing.values()) {
                if (b.name().equalsIgnoreCase(value)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("invalid " + source + " '" + value
                    + "': expected PAY_PER_REQUEST or PROVISIONED");
        }

        private static Takeover takeover(String value, String source) {
            for (Takeover t : Takeover.values()) {
                if (t.name().equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("invalid " + source + " '" + value + "': expected clock or observe");
        }

        private static Store store(String value, String source) {
            for (Store s : Store.values()) {
                if (s.name().equalsIgnoreCase(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("invalid " + source + " '" + value + "': expected dynamodb or memory");
        }

        private static long capacity(String value, String source) {
            try {
                long c = Long.parseLong(value);
                if (c >= 1) {
                    return c;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("invalid " + source + " '" + value + "': expected a whole number >= 1");
        }

        private static URI endpoint(String value, String source) {
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new IllegalArgumentException("invalid " + source + " '" + value
                    + "': expected an http or https URL with a host, such as http://localhost:4566");
        }
    }
}
