package io.dynamolock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method under a cluster-wide lock, when the JVM runs with
 * {@code -javaagent:dynamolock-agent.jar}.
 *
 * <pre>{@code
 * @DynamoLocked("invoice-$<arg0>")
 * void settle(String invoiceId) { ... }
 * }</pre>
 *
 * <p>The key template is literal text with placeholders:
 * <ul>
 *   <li>{@code $<arg0>}: an argument by position;</li>
 *   <li>{@code $<invoiceId>}: an argument by name (the class needs {@code -parameters} or
 *       {@code -g});</li>
 *   <li>{@code $<arg0.id>}, {@code $<order.customer.id>}: a chain of accessors, each a record
 *       component, a public {@code getX()}/{@code isX()} or a public field;</li>
 *   <li>{@code $$}: a literal {@code $}. Nothing else is interpreted.</li>
 * </ul>
 * Values are rendered with {@link String#valueOf(Object)}; a {@code null} value fails the call
 * before any request. The template is checked at compile time by the processor in this jar,
 * and again when the class is loaded.
 *
 * <p>A thread that already holds the key re-enters without a request; other threads of the same
 * JVM wait in memory. A method that cannot be woven throws {@link LockUnavailableException} when
 * called: it never runs unlocked.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DynamoLocked {

    /** @return the key template */
    String value();

    /**
     * @return how long to wait for a busy lock: {@code 0s} (the default) tries once; accepts
     *     {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT10S})
     */
    String waitFor() default "0s";

    /** @return what to do when the lock stays busy for the whole wait */
    OnLocked onLocked() default OnLocked.FAIL;
}
