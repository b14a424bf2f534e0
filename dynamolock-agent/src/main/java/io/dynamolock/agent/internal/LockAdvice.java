package io.dynamolock.agent.internal;

import io.dynamolock.woven.Woven;
import net.bytebuddy.asm.Advice;

/**
 * Enter advice of a woven method, inlined at its start. Renders the key (the {@link LockKey}
 * parameter is generated code, run before anything else) and takes the lock. Its exceptions are
 * never suppressed: a lock that cannot be taken fails the call. Returning {@code null} skips the
 * body ({@code onLocked = SKIP}).
 */
final class LockAdvice {

    private LockAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnDefaultValue.class)
    static Object enter(@SiteId int site, @LockKey String key) {
        return Woven.enter(site, key);
    }
}
