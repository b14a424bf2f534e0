package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.apps.AttachApp;
import io.dynamolock.agent.support.ChildJvm;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attaching the agent to a running JVM ({@code agentmain}): a class loaded before cannot be woven
 * any more, so its {@code @DynamoLocked} methods must not silently stay unlocked.
 */
@ExtendWith(ItEnvironment.class)
class DynamicAttachIT {
    private final String table = "attach-it-" + UUID.randomUUID().toString().substring(0, 8);

    private ChildJvm jvm(Env env) {
        return new ChildJvm().against(env, table).option("-Djdk.attach.allowAttachSelf=true");
    }

    @Test
    void attachingAfterALockedMethodsClassLoadedIsRefusedNamingTheMethod(Env env) {
        ChildJvm.Result result = jvm(env).run(AttachApp.class, ChildJvm.agentJar().toString(), "before");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("dynamolock: refusing to attach: classes already loaded declare"
                + " @DynamoLocked methods (io.dynamolock.agent.apps.HelloApp$Greeter.greet"), result.err());
        assertTrue(result.out().contains("attach refused: AgentInitializationException"), result.out());
    }

    @Test
    void attachingBeforeAnyLockedMethodsClassLoadedLocksThem(Env env) {
        ChildJvm.Result result = jvm(env).run(AttachApp.class, ChildJvm.agentJar().toString(), "after");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("attached"), result.out() + result.err());
        assertTrue(result.out().contains("after attach: locked greet-world"), result.out() + result.err());
    }
}
