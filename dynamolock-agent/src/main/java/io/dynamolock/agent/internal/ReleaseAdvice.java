package io.dynamolock.agent.internal;

import io.dynamolock.woven.Woven;
import net.bytebuddy.asm.Advice;

/**
 * Exit advice of a woven method whose skipped body returns the type's default value
 * ({@code null}, zero, {@code false}, or nothing): runs however the body ends and releases the
 * lock. A lost lock becomes the method's exception, or a suppressed one of its own.
 */
final class ReleaseAdvice {

    private ReleaseAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter Object handle, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (handle != null) {
            thrown = Woven.exit(handle, thrown);
        }
    }
}
