package io.dynamolock.agent.apps;

import io.dynamolock.DynamoLock;

/** Uses the facade in a JVM without the agent. */
public final class NoAgentApp {

    private NoAgentApp() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("current " + DynamoLock.current());
        try {
            DynamoLock.manager();
            System.out.println("manager given");
        } catch (IllegalStateException e) {
            System.out.println("manager refused: " + e.getMessage());
        }
    }
}
