package io.dynamolock.agent.apps;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;

/**
 * A small application for child JVMs: prints a greeting, and with {@code call} calls one locked
 * method and prints the key it ran under. It also has a method the agent cannot weave, whose
 * report must go to standard error, never to standard output.
 */
public final class HelloApp {

    private HelloApp() {
    }

    /** The locked methods. */
    public static final class Greeter {
        @DynamoLocked("greet-$<arg0>")
        public String greet(String name) {
            return DynamoLock.current().map(lock -> "locked " + lock.key()).orElse("NOT LOCKED");
        }

        @DynamoLocked("broken-${arg0}")
        public void broken(String name) {
        }
    }

    /**
     * @param args {@code call} to call the locked method
     */
    public static void main(String[] args) {
        System.out.println("hello");
        Greeter greeter = new Greeter();
        if (args.length > 0 && args[0].equals("call")) {
            try {
                System.out.println(greeter.greet("world"));
            } catch (RuntimeException e) {
                System.out.println("refused " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
