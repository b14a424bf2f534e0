package io.dynamolock.agent.apps;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;

/** Exits the JVM from inside a locked method: the agent's shutdown hook must release the lock. */
public final class ExitWhileLockedApp {

    private ExitWhileLockedApp() {
    }

    /** The locked method that never returns. */
    public static final class Job {
        @DynamoLocked("exit-$<arg0>")
        public void run(String id) {
            System.out.println("holding " + DynamoLock.current().orElseThrow().key());
            System.exit(0);
        }
    }

    /** @param args the lock id */
    public static void main(String[] args) {
        new Job().run(args[0]);
    }
}
