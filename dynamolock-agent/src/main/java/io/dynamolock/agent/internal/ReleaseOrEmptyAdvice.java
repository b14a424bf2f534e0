package io.dynamolock.agent.internal;

import io.dynamolock.woven.Woven;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Exit advice of a woven method returning an {@code Optional} or a future: as
 * {@link ReleaseAdvice}, and when the body was skipped it returns an empty optional or a
 * completed future rather than {@code null}.
 */
final class ReleaseOrEmptyAdvice {

    private ReleaseOrEmptyAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter Object handle, @Advice.Thrown(readOnly = false) Throwable thrown,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                     @SkipResult int kind) {
        if (handle == null) {
            returned = Woven.skipped(kind);
        } else {
            thrown = Woven.exit(handle, thrown);
        }
    }
}
