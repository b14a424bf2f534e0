package io.dynamolock.woven;

import io.dynamolock.LockUnavailableException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The static helpers that the agent's inlined advice calls. Not API: used by woven code.
 *
 * <p>The enter advice of a {@code @DynamoLocked} method renders the key (calling
 * {@link #present(Object, String)} and {@link #text(Object, String)} on the way), then calls
 * {@link #enter(int, String)}; the exit advice calls {@link #exit(Object, Throwable)}, or
 * {@link #skipped(int)} when the body was skipped. A method that could not be woven calls
 * {@link #refuse(String)} instead.
 */
public final class Woven {

    /** {@link #skipped(int)}: the body was skipped; return {@code null} (or the primitive default). */
    public static final int SKIP_NULL = 0;
    /** {@link #skipped(int)}: return {@link Optional#empty()}. */
    public static final int SKIP_OPTIONAL = 1;
    /** {@link #skipped(int)}: return {@link OptionalInt#empty()}. */
    public static final int SKIP_OPTIONAL_INT = 2;
    /** {@link #skipped(int)}: return {@link OptionalLong#empty()}. */
    public static final int SKIP_OPTIONAL_LONG = 3;
    /** {@link #skipped(int)}: return {@link OptionalDouble#empty()}. */
    public static final int SKIP_OPTIONAL_DOUBLE = 4;
    /** {@link #skipped(int)}: return a {@link CompletableFuture} already completed with {@code null}. */
    public static final int SKIP_COMPLETED_FUTURE = 5;

    private Woven() {
    }

    /**
     * Takes the lock of a woven call site.
     *
     * @param site the call site's id, bound as a constant when the method was woven
     * @param key  the rendered key
     * @return a handle for {@link #exit(Object, Throwable)}, or {@code null} to skip the body
     *     (the key stayed busy and the site says {@code onLocked = SKIP})
     * @throws io.dynamolock.LockNotAcquiredException when the key stayed busy and the site fails
     * @throws LockUnavailableException                when the lock service could not answer
     * @throws IllegalArgumentException                when the key is empty or too long
     */
    public static Object enter(int site, String key) {
        if (!BridgeAccess.PRESENT) {
            throw new LockUnavailableException(BridgeAccess.PROBLEM);
        }
        Object answer;
        try {
            answer = (Object) BridgeAccess.ENTER.invokeExact(site, key);
        } catch (Throwable e) {
            throw BridgeAnswers.unexpected(e);
        }
        if (BridgeAnswers.isRefusal(answer)) {
            throw BridgeAnswers.exception(answer);
        }
        return answer;
    }

    /**
     * Releases what {@link #enter(int, String)} took. Never hides the method's own exception: a
     * lost lock is added to it as suppressed.
     *
     * @param handle the handle {@code enter} returned
     * @param thrown what the method threw, or {@code null} when it returned normally
     * @return what the method must throw: {@code thrown}; or, when it returned normally and the
     *     lock was found lost, a {@link io.dynamolock.LockLostException}; or {@code null}
     */
    public static Throwable exit(Object handle, Throwable thrown) {
        Throwable failure;
        try {
            Object answer = (Object) BridgeAccess.EXIT.invokeExact(handle);
            if (answer == null) {
                return thrown;
            }
            failure = BridgeAnswers.exception(answer);
        } catch (Throwable e) {
            // Whatever went wrong here must not replace the body's own exception.
            failure = e;
        }
        return withSuppressed(thrown, failure);
    }

    private static Throwable withSuppressed(Throwable thrown, Throwable failure) {
        if (thrown == null) {
            return failure;
        }
        if (thrown != failure) {
            thrown.addSuppressed(failure);
        }
        return thrown;
    }

    /**
     * @param kind one of the {@code SKIP_} constants, chosen by return type when the method was woven
     * @return the value a skipped method returns
     */
    public static Object skipped(int kind) {
        switch (kind) {
            case SKIP_OPTIONAL: return Optional.empty();
            case SKIP_OPTIONAL_INT: return OptionalInt.empty();
            case SKIP_OPTIONAL_LONG: return OptionalLong.empty();
            case SKIP_OPTIONAL_DOUBLE: return OptionalDouble.empty();
            case SKIP_COMPLETED_FUTURE: return CompletableFuture.completedFuture(null);
            default: return null;
        }
    }

    /**
     * Called first by a method whose annotation could not be woven, so that it never runs unlocked.
     *
     * @param message why the method could not be woven, as reported when its class was loaded
     * @throws LockUnavailableException always, with {@code message}
     */
    public static void refuse(String message) {
        throw new LockUnavailableException(message);
    }

    /**
     * A step of key rendering: a value that an accessor is about to be applied to.
     *
     * @param value         the value
     * @param messageIfNull names the method, the template and the placeholder
     * @return {@code value}
     * @throws IllegalArgumentException with {@code messageIfNull} when {@code value} is null
     */
    public static Object present(Object value, String messageIfNull) {
        if (value == null) {
            throw new IllegalArgumentException(messageIfNull);
        }
        return value;
    }

    /**
     * The last step of rendering a placeholder of reference type.
     *
     * @param value         the placeholder's value
     * @param messageIfNull names the method, the template and the placeholder, and ends with
     *                      {@code " is null"}
     * @return {@code String.valueOf(value)}
     * @throws IllegalArgumentException with {@code messageIfNull} when {@code value} is null, and
     *     when its class inherits {@code Object.toString()} (arrays included): that text names no
     *     value, and equal values may render differently and take different locks
     */
    public static String text(Object value, String messageIfNull) {
        if (value instanceof String s) {
            return s;
        }
        if (value == null) {
            throw new IllegalArgumentException(messageIfNull);
        }
        if (IdentityText.of(value.getClass())) {
            String subject = messageIfNull.endsWith(IS_NULL)
                    ? messageIfNull.substring(0, messageIfNull.length() - IS_NULL.length()) : messageIfNull;
            throw new IllegalArgumentException(subject + " is a " + value.getClass().getTypeName() + ", whose text is "
                    + IDENTITY_TEXT + "; give the type a toString() that names the value, or use one of its accessors");
        }
        return String.valueOf(value);
    }

    private static final String IS_NULL = " is null";
    private static final String IDENTITY_TEXT = "Object.toString() (type@hash code), which does not name the value:"
            + " equal values can render differently (identity hashes differ between objects and between JVMs),"
            + " so they would not exclude each other";

    /** Which classes render as {@code type@identity hash}; asked once per class. */
    private static final class IdentityText extends ClassValue<Boolean> {
        private static final IdentityText CLASSES = new IdentityText();

        static boolean of(Class<?> type) {
            return CLASSES.get(type);
        }

        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.isArray()) {
                return true;
            }
            try {
                return type.getMethod("toString").getDeclaringClass() == Object.class;
            } catch (NoSuchMethodException | SecurityException | LinkageError e) {
                // Reflection resolves every public signature; an optional dependency missing at run
                // time must not break keys that String.valueOf renders. Such a value is let through.
                return false;
            }
        }
    }
}
