package io.dynamolock.agent.internal;

import io.dynamolock.woven.Woven;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Builds the advice for one method, with its weave-time values bound as constants (site id,
 * skip result, refusal message) and its key as generated code.
 */
final class AdviceSet {
    private final ClassFileLocator locator;
    private final TypeDescription lock = TypeDescription.ForLoadedType.of(LockAdvice.class);
    private final TypeDescription release = TypeDescription.ForLoadedType.of(ReleaseAdvice.class);
    private final TypeDescription releaseOrEmpty = TypeDescription.ForLoadedType.of(ReleaseOrEmptyAdvice.class);
    private final TypeDescription refuse = TypeDescription.ForLoadedType.of(RefuseAdvice.class);

    /**
     * @param locator reads the advice classes' bytes (from the agent's own loader)
     */
    AdviceSet(ClassFileLocator locator) {
        this.locator = locator;
    }

    /**
     * @param site       the method's site id
     * @param key        the key rendering for its template
     * @param skipResult one of {@code Woven.SKIP_*}
     * @return the advice that locks the method
     */
    Advice locking(int site, KeyRendering key, int skipResult) {
        return Advice.withCustomMapping()
                .bind(SiteId.class, site)
                .bind(LockKey.class, key)
                .bind(SkipResult.class, skipResult)
                .to(lock, skipResult == Woven.SKIP_NULL ? release : releaseOrEmpty, locator);
    }

    /**
     * @param message why the method could not be woven
     * @return the advice that makes every call throw {@code LockUnavailableException}
     */
    Advice refusing(String message) {
        return Advice.withCustomMapping()
                .bind(RefusalMessage.class, message)
                .to(refuse, locator);
    }
}
