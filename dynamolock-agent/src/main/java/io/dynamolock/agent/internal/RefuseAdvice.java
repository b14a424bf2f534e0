package io.dynamolock.agent.internal;

import io.dynamolock.woven.Woven;
import net.bytebuddy.asm.Advice;

/**
 * Enter advice of a method whose {@code @DynamoLocked} could not be woven: the call throws
 * {@code LockUnavailableException} with the reason reported when the class was loaded, so the
 * method never runs unlocked.
 */
final class RefuseAdvice {

    private RefuseAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@RefusalMessage String message) {
        Woven.refuse(message);
    }
}
