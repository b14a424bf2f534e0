package io.dynamolock.agent.internal;

import io.dynamolock.bootstrap.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.function.Supplier;

/**
 * Start-up inside the isolated loader, on the thread that runs premain: installs the bridge, the
 * transformer and the shutdown hook, and leaves reading the configuration and creating the lock
 * manager to a daemon thread. Throws only when it cannot set up, which stops the JVM's start. Uses no lambdas: the first lambda of a JVM costs tens
 * of milliseconds of set-up that premain would add to every application's start.
 */
public final class AgentBoot {

    private AgentBoot() {
    }

    /**
     * Starts the agent.
     *
     * @param arguments the agent arguments ({@code table=locks,lease=20s}), possibly null
     * @param inst      the JVM's instrumentation
     */
    public static void start(String arguments, Instrumentation inst) {
        Report report = new Report();
        try {
            if (Bridge.isInstalled()) {
                report.problem("another DynamoLock agent already runs in this JVM; this one stays inactive", null);
                return;
            }
            ClassLoader ownLoader = AgentBoot.class.getClassLoader();
            Sites sites = new Sites();
            ManagerStartup manager = ManagerStartup.inBackground(arguments, ownLoader, report);
            LockService service = new LockService(sites, manager, ownLoader, report);
            if (!Bridge.install(service)) {
                report.problem("another DynamoLock agent already runs in this JVM; this one stays inactive", null);
                return;
            }
            inst.addTransformer(new PrecheckTransformer(ownLoader, report, new WeaverFactory(sites, report, ownLoader)));
            Thread shutdown = new Thread(new Shutdown(service), "dynamolock-shutdown");
            shutdown.setContextClassLoader(ownLoader);
            Runtime.getRuntime().addShutdownHook(shutdown);
        } catch (Throwable e) {
            // Thrown on to premain, which stops the JVM's start: annotated methods must not run unlocked.
            throw new IllegalStateException("the agent could not start: " + e, e);
        }
    }

    /** Creates the Byte Buddy weaver on the first class that needs it. */
    private static final class WeaverFactory implements Supplier<ClassFileTransformer> {
        private final Sites sites;
        private final Report report;
        private final ClassLoader ownLoader;

        WeaverFactory(Sites sites, Report report, ClassLoader ownLoader) {
            this.sites = sites;
            this.report = report;
            this.ownLoader = ownLoader;
        }

        @Override
        public ClassFileTransformer get() {
            return Weaver.create(sites, report, ownLoader);
        }
    }

    /** Releases held locks when the JVM shuts down. */
    private static final class Shutdown implements Runnable {
        private final LockService service;

        Shutdown(LockService service) {
            this.service = service;
        }

        @Override
        public void run() {
            service.shutdown();
        }
    }
}
