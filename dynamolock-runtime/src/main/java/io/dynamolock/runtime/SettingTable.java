package io.dynamolock.runtime;

import static io.dynamolock.runtime.SettingSyntax.BOOLEAN;
import static io.dynamolock.runtime.SettingSyntax.COUNT;
import static io.dynamolock.runtime.SettingSyntax.DURATION;
import static io.dynamolock.runtime.SettingSyntax.HTTP_URL;
import static io.dynamolock.runtime.SettingSyntax.TEXT;
import static io.dynamolock.runtime.SettingSyntax.enumeration;

import io.dynamolock.runtime.LockSettings.Billing;
import io.dynamolock.runtime.LockSettings.Store;
import io.dynamolock.runtime.LockSettings.Takeover;
import io.dynamolock.runtime.Setting.Check;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every setting of {@link LockSettings}, in the order of the README's configuration table, which
 * {@link #markdownTable()} renders. The checks across settings are in {@link LockSettings}.
 */
final class SettingTable {

    private static final Check<Duration> POSITIVE = new Check<>(d -> !d.isNegative() && !d.isZero(),
            "a positive duration");
    /** Leases and start timeouts are counted in nanoseconds on monotonic clocks; a year is beyond any use. */
    private static final Check<Duration> AT_MOST_A_YEAR = new Check<>(d -> d.compareTo(Duration.ofDays(365)) <= 0,
            "at most 365 days");

    static final Setting<String> TABLE = Setting.of("table", TEXT, "dynamolock", "table name",
            new Check<>(t -> t.matches("[a-zA-Z0-9_.-]{3,255}"),
                    "3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'"));
    static final Setting<String> REGION = Setting.described("region", TEXT, () -> null, "the SDK's default chain",
            "AWS region", new Check<>(r -> r.matches("[a-z0-9-]+"), "an AWS region name such as eu-west-1"));
    static final Setting<URI> ENDPOINT = Setting.described("endpoint", HTTP_URL, () -> null, "none",
            "endpoint override (LocalStack, an emulator, a VPC endpoint): an `http`/`https` URL");
    static final Setting<Duration> LEASE = Setting.of("lease", DURATION, Duration.ofSeconds(30),
            "lease written with every acquire and renewal; leaves every renewal room (see below)", POSITIVE,
            AT_MOST_A_YEAR);
    static final Setting<Duration> HEARTBEAT = Setting.of("heartbeat", DURATION, Duration.ofSeconds(10),
            "renewal period; at most a third of the lease", POSITIVE);
    static final Setting<String> OWNER = Setting.described("owner", TEXT, OwnerIds::generate,
            "host name, pid and a random suffix", "this manager's owner id; must be unique among live managers",
            new Check<>(o -> !o.isEmpty() && o.length() <= 256, "1 to 256 characters"));
    static final Setting<Boolean> PROVISION = Setting.of("provision", BOOLEAN, true,
            "create the table (and enable TTL) when it is missing");
    static final Setting<Billing> BILLING = Setting.of("billing", enumeration(Billing.class, false),
            Billing.PAY_PER_REQUEST,
            "billing mode of the table when it is created: `PAY_PER_REQUEST` or `PROVISIONED`");
    static final Setting<Long> CAPACITY = Setting.of("capacity", COUNT, 1L,
            "read and write capacity units of the table when it is created with `PROVISIONED` billing",
            new Check<>(c -> c >= 1, COUNT.accepted()));
    static final Setting<Duration> CLOCK_SKEW = Setting.of("clockSkew", DURATION, Duration.ofSeconds(1),
            "how much the nodes' clocks may disagree; must leave every renewal room (see below)",
            new Check<>(d -> !d.isNegative(), "zero or a positive duration"));
    static final Setting<Duration> START_TIMEOUT = Setting.of("startTimeout", DURATION, Duration.ofSeconds(30),
            "how long a call made while the table is still being checked or created waits for it, "
                    + "on top of its own wait",
            POSITIVE, AT_MOST_A_YEAR);
    static final Setting<Duration> SHUTDOWN_GRACE = Setting.of("shutdownGrace", DURATION, Duration.ofSeconds(20),
            "how long closing the manager (the agent: the JVM's shutdown) waits for running locked methods and "
                    + "manual holders to end; it never releases a lock still in use (see below)",
            new Check<>(d -> !d.isNegative(), "zero or a positive duration"), AT_MOST_A_YEAR);
    static final Setting<Takeover> TAKEOVER = Setting.of("takeover", enumeration(Takeover.class, true),
            Takeover.CLOCK, "how a waiter decides that a holder's lease ran out: `clock` or `observe` (see below)");
    static final Setting<Store> STORE = Setting.of("store", enumeration(Store.class, true), Store.DYNAMODB,
            "where locks live: `dynamodb` (the table) or `memory` (this JVM's memory; see below)");

    /** Every setting, in the README's order. */
    static final List<Setting<?>> ALL = List.of(TABLE, REGION, ENDPOINT, LEASE, HEARTBEAT, OWNER, PROVISION, BILLING,
            CAPACITY, CLOCK_SKEW, START_TIMEOUT, SHUTDOWN_GRACE, TAKEOVER, STORE);

    private SettingTable() {
    }

    /**
     * @param name a setting's name, such as {@code lease}
     * @param what what named it, such as {@code agent argument}
     * @return the setting
     * @throws IllegalArgumentException {@code unknown <what> 'name'; accepted: ...} when there is none
     */
    static Setting<?> named(String name, String what) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + name + "'; accepted: "
                        + ALL.stream().map(Setting::name).collect(Collectors.joining(", "))));
    }

    /** @return the README's configuration table: property, default and meaning of every setting */
    static String markdownTable() {
        return ALL.stream().map(Setting::markdownRow)
                .collect(Collectors.joining("\n", "| property | default | meaning |\n|---|---|---|\n", "\n"));
    }
}
