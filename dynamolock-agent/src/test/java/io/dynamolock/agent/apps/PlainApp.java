package io.dynamolock.agent.apps;

/** An application without any {@code @DynamoLocked} method: the agent must not even load Byte Buddy. */
public final class PlainApp {

    private PlainApp() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        System.out.println("plain " + new java.util.ArrayList<>(java.util.List.of(1, 2)).size());
    }
}
