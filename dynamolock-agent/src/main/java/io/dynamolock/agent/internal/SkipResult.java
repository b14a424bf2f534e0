package io.dynamolock.agent.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds an advice parameter to which value a skipped method returns (an {@code int} constant, one of {@code Woven.SKIP_*}), fixed when the method is woven. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface SkipResult {
}
