package io.dynamolock.agent.support;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child JVMs a test started, killed after each test whatever its outcome. Register as a field:
 * {@code @RegisterExtension final ChildProcesses children = new ChildProcesses();}.
 */
public final class ChildProcesses implements AfterEachCallback {
    private final List<RunningJvm> started = new ArrayList<>();

    /**
     * @param jvm       how to start it
     * @param name      a name for messages
     * @param mainClass the class to run
     * @param args      its arguments
     * @return the running JVM, killed after the test
     */
    public synchronized RunningJvm start(ChildJvm jvm, String name, Class<?> mainClass, String... args) {
        RunningJvm running = jvm.start(name, mainClass, args);
        started.add(running);
        return running;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        AssertionError failure = null;
        for (RunningJvm jvm : started) {
            try {
                jvm.close();
            } catch (AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
