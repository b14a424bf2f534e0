package io.dynamolock.agent.apps;

import com.sun.tools.attach.VirtualMachine;

/**
 * Attaches the agent to its own JVM while running ({@code -Djdk.attach.allowAttachSelf=true}):
 * with {@code before}, after it loaded and called a locked method (which ran unlocked, as no agent
 * was there); with {@code after}, before it loads one. Either way it then calls the locked method
 * and prints the key it ran under, or {@code NOT LOCKED}.
 */
public final class AttachApp {

    private AttachApp() {
    }

    /**
     * @param args the agent jar, then {@code before} or {@code after}
     * @throws Exception when the attach itself fails
     */
    public static void main(String[] args) throws Exception {
        boolean loadFirst = args[1].equals("before");
        if (loadFirst) {
            System.out.println("before attach: " + new HelloApp.Greeter().greet("world"));
        }
        VirtualMachine vm = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0]);
            System.out.println("attached");
        } catch (Exception e) {
            System.out.println("attach refused: " + e.getClass().getSimpleName());
        } finally {
            vm.detach();
        }
        System.out.println("after attach: " + new HelloApp.Greeter().greet("world"));
    }
}
