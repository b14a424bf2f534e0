package io.dynamolock.agent.apps;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.LockNotAcquiredException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Another node, driven by the test through standard input, one command a line:
 * <ul>
 *   <li>{@code hold KEY}: takes KEY, prints {@code holding KEY fence N at MS}, and keeps it until
 *       the next line (or end of input), then prints {@code released KEY};</li>
 *   <li>{@code try KEY}: one attempt ({@code waitFor} 0), prints {@code acquired KEY fence N at MS}
 *       or {@code refused KEY holder H at MS};</li>
 *   <li>{@code wait KEY}: prints {@code waiting KEY at MS}, then waits up to 30 s for KEY and prints
 *       the same as {@code try};</li>
 *   <li>{@code nest KEY}: takes KEY as {@code hold} does, and on the next line calls a locked method
 *       for KEY from inside it, printing {@code nested ran} or {@code nested refused EXCEPTION}, then
 *       {@code outer returned} or {@code outer EXCEPTION};</li>
 *   <li>{@code exit}.</li>
 * </ul>
 * It first makes one locked call on a key of its own, so the agent is ready, and prints
 * {@code ready}. MS is this JVM's wall clock, in epoch milliseconds.
 */
public final class LockClientApp {

    private LockClientApp() {
    }

    /** The locked methods. */
    public static final class Node {
        private final BufferedReader in;

        Node(BufferedReader in) {
            this.in = in;
        }

        @DynamoLocked("$<arg0>")
        public String once(String key) {
            return acquired(key);
        }

        @DynamoLocked(value = "$<arg0>", waitFor = "30s")
        public String patiently(String key) {
            return acquired(key);
        }

        @DynamoLocked("$<arg0>")
        public void hold(String key) throws IOException {
            System.out.println("holding " + key + " fence " + DynamoLock.current().orElseThrow().fence() + " at "
                    + System.currentTimeMillis());
            in.readLine();
        }

        @DynamoLocked("$<arg0>")
        public void nest(String key) throws IOException {
            System.out.println("holding " + key + " fence " + DynamoLock.current().orElseThrow().fence() + " at "
                    + System.currentTimeMillis());
            in.readLine();
            try {
                once(key);
                System.out.println("nested ran");
            } catch (RuntimeException e) {
                System.out.println("nested refused " + e.getClass().getSimpleName());
            }
        }

        private static String acquired(String key) {
            long at = System.currentTimeMillis();
            return "acquired " + key + " fence " + DynamoLock.current().orElseThrow().fence() + " at " + at;
        }
    }

    private static String attempt(String key, Callable<String> call) throws Exception {
        try {
            return call.call();
        } catch (LockNotAcquiredException e) {
            return "refused " + key + " holder " + e.holder().orElse("?") + " at " + System.currentTimeMillis();
        }
    }

    /**
     * @param args ignored
     * @throws Exception when a call fails other than by a refusal
     */
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Node node = new Node(in);
        node.once("ready-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        System.out.println("ready");
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            String[] words = line.split(" ");
            String key = words[1];
            switch (words[0]) {
                case "hold" -> {
                    node.hold(key);
                    System.out.println("released " + key);
                }
                case "try" -> System.out.println(attempt(key, () -> node.once(key)));
                case "nest" -> {
                    try {
                        node.nest(key);
                        System.out.println("outer returned");
                    } catch (RuntimeException e) {
                        System.out.println("outer " + e.getClass().getSimpleName());
                    }
                }
                case "wait" -> {
                    System.out.println("waiting " + key + " at " + System.currentTimeMillis());
                    System.out.println(attempt(key, () -> node.patiently(key)));
                }
                default -> throw new IllegalArgumentException("unknown command: " + line);
            }
        }
    }
}
