package io.dynamolock.benchmarks;

import io.dynamolock.testing.DynamoDbServer;
import io.dynamolock.testing.DynamoDbServers;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every part gets: the options, the report, the servers (started once, on demand). */
public final class RunContext implements AutoCloseable {
    private final Options options;
    private final Report report;
    private final PrintStream out;
    private final Map<String, DynamoDbServer> servers = new LinkedHashMap<>();
    private final Map<String, String> serverVersions = new LinkedHashMap<>();

    RunContext(Options options, Report report, PrintStream out) {
        this.options = options;
        this.report = report;
        this.out = out;
    }

    /** @return the options */
    public Options options() {
        return options;
    }

    /** @return the report */
    public Report report() {
        return report;
    }

    /** @param line a progress line for the console (not the report) */
    public void progress(String line) {
        out.println("  .. " + line);
        out.flush();
    }

    /** @return the server every comparison runs on */
    public DynamoDbServer server() {
        return server(options.server());
    }

    /**
     * @param kind {@code dynalite} or {@code moto}
     * @return that server, started on a free loopback port on first use
     */
    public synchronized DynamoDbServer server(String kind) {
        return servers.computeIfAbsent(kind, k -> {
            progress("starting " + k);
            DynamoDbServer s = k.equals("moto") ? DynamoDbServers.startMoto() : DynamoDbServers.startDynalite();
            serverVersions.put(k, Machine.server(k, DynamoDbServers.workDir()));
            return s;
        });
    }

    /** @return the servers used so far with their versions */
    public synchronized Map<String, String> serverVersions() {
        return new LinkedHashMap<>(serverVersions);
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(DynamoDbServer::close);
        servers.clear();
    }
}
