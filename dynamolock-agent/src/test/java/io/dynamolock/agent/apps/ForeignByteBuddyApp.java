package io.dynamolock.agent.apps;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/** An application that brings its own, different Byte Buddy and uses it next to the agent. */
public final class ForeignByteBuddyApp {

    private ForeignByteBuddyApp() {
    }

    /** A locked method. */
    public static final class Service {
        @DynamoLocked("foreign-$<arg0>")
        public String run(String id) {
            return DynamoLock.current().map(lock -> "locked " + lock.key()).orElse("NOT LOCKED");
        }
    }

    /**
     * @param args ignored
     * @throws Exception when the application's own Byte Buddy fails
     */
    public static void main(String[] args) throws Exception {
        Class<?> made = new ByteBuddy(ClassFileVersion.JAVA_V11).subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
                .make().load(ForeignByteBuddyApp.class.getClassLoader()).getLoaded();
        System.out.println(made.getConstructor().newInstance());
        System.out.println("byte buddy from " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println(new Service().run("x"));
    }
}
