package io.dynamolock.examples.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo runs: how many workers and jobs, the lease, and where the agent and the
 * examples' class path are.
 *
 * @param workers   worker JVMs
 * @param jobs      jobs they race for
 * @param work      how long one job takes
 * @param lease     the lease each worker's agent writes
 * @param heartbeat the renewal period
 * @param clockSkew the tolerated clock disagreement
 * @param timeout   when the demo gives up
 * @param agentJar  the agent jar
 * @param classPath the class path of the worker JVMs
 */
record DemoOptions(int workers, int jobs, Duration work, Duration lease, Duration heartbeat, Duration clockSkew,
                   Duration timeout, Path agentJar, String classPath) {

    static DemoOptions parse(String[] args) {
        boolean quick = false;
        for (String a : args) {
            if (a.equals("--short")) {
                quick = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("usage: demo.sh [--short]");
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'; accepted: --short");
            }
        }
        Path agent = Path.of(System.getProperty("dynamolock.agent.jar", "dynamolock-agent/target/dynamolock-agent.jar"));
        String cp = System.getProperty("dynamolock.examples.classpath", System.getProperty("java.class.path"));
        return quick
                ? new DemoOptions(3, 12, Duration.ofMillis(400), Duration.ofSeconds(3), Duration.ofSeconds(1),
                        Duration.ofMillis(500), Duration.ofSeconds(90), agent, cp)
                : new DemoOptions(3, 24, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofMillis(500), Duration.ofSeconds(150), agent, cp);
    }
}
