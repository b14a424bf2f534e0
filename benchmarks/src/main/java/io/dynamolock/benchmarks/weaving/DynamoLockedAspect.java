package io.dynamolock.benchmarks.weaving;

import io.dynamolock.DynamoLocked;
import io.dynamolock.Lock;
import io.dynamolock.LockNotAcquiredException;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.OnLocked;
import io.dynamolock.syntax.DurationSyntax;
import io.dynamolock.syntax.KeyTemplate;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * The AspectJ peer of the agent: an {@code @Around} aspect, woven at load time by
 * {@code aspectjweaver} (see {@code META-INF/aop.xml}), that does what the agent's advice does
 * for a {@code @DynamoLocked} method: the key from the template (parsed once per method), per-thread
 * re-entrancy, exclusion among this JVM's threads, then the lock store, the body, the release.
 */
@Aspect
public class DynamoLockedAspect {
    private static final ThreadLocal<ArrayDeque<String>> HELD = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ConcurrentHashMap<String, Semaphore> LOCAL = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<JoinPoint.StaticPart, Compiled> COMPILED = new ConcurrentHashMap<>();

    /** @return whether the calling thread runs inside a method this aspect locked */
    public static boolean active() {
        return !HELD.get().isEmpty();
    }

    /**
     * Runs a {@code @DynamoLocked} method under its lock.
     *
     * @param pjp    the call
     * @param locked its annotation
     * @return the method's result
     * @throws Throwable what the method throws, or the lock's exceptions
     */
    @Around("execution(* *(..)) && @annotation(locked)")
    public Object around(ProceedingJoinPoint pjp, DynamoLocked locked) throws Throwable {
        Compiled c = COMPILED.computeIfAbsent(pjp.getStaticPart(), sp -> Compiled.of(sp, locked));
        String key = c.render(pjp.getArgs());
        ArrayDeque<String> held = HELD.get();
        if (held.contains(key)) {
            held.push(key);
            try {
                return pjp.proceed();
            } finally {
                held.pop();
            }
        }
        Semaphore local = LOCAL.computeIfAbsent(key, k -> new Semaphore(1, true));
        long start = System.nanoTime();
        if (!local.tryAcquire(c.waitNanos, TimeUnit.NANOSECONDS)) {
            return busy(c, key);
        }
        try {
            Optional<Lock> lock = Stores.shared().tryAcquire(key,
                    Duration.ofNanos(Math.max(0, c.waitNanos - (System.nanoTime() - start))));
            if (lock.isEmpty()) {
                return busy(c, key);
            }
            held.push(key);
            try {
                return pjp.proceed();
            } finally {
                held.pop();
                lock.get().close();
            }
        } finally {
            local.release();
        }
    }

    private static Object busy(Compiled c, String key) {
        if (c.onLocked == OnLocked.SKIP) {
            return null;
        }
        throw new LockNotAcquiredException(key, null, null);
    }

    /** A template compiled against its method: literal parts and argument positions. */
    private static final class Compiled {
        final Object[] parts;
        final long waitNanos;
        final OnLocked onLocked;

        private Compiled(Object[] parts, long waitNanos, OnLocked onLocked) {
            this.parts = parts;
            this.waitNanos = waitNanos;
            this.onLocked = onLocked;
        }

        static Compiled of(JoinPoint.StaticPart sp, DynamoLocked locked) {
            Method method = ((MethodSignature) sp.getSignature()).getMethod();
            String[] names = ((MethodSignature) sp.getSignature()).getParameterNames();
            List<KeyTemplate.Segment> segments = KeyTemplate.parse(locked.value()).segments();
            Object[] parts = new Object[segments.size()];
            for (int i = 0; i < parts.length; i++) {
                if (segments.get(i) instanceof KeyTemplate.Literal l) {
                    parts[i] = l.text();
                } else {
                    KeyTemplate.Placeholder p = (KeyTemplate.Placeholder) segments.get(i);
                    int index = p.argumentIndex();
                    if (index < 0 && names != null) {
                        index = List.of(names).indexOf(p.root());
                    }
                    if (index < 0 || index >= method.getParameterCount()) {
                        throw new LockUnavailableException(method + ": no argument " + p.root());
                    }
                    parts[i] = new Arg(index, p.accessors());
                }
            }
            return new Compiled(parts, DurationSyntax.parse(locked.waitFor()).toNanos(), locked.onLocked());
        }

        String render(Object[] args) throws ReflectiveOperationException {
            if (parts.length == 2 && parts[0] instanceof String s && parts[1] instanceof Arg a) {
                return s.concat(a.value(args)); // the common "prefix-$<argN>" shape, without a builder
            }
            StringBuilder b = new StringBuilder();
            for (Object part : parts) {
                b.append(part instanceof Arg a ? a.value(args) : (String) part);
            }
            return b.toString();
        }
    }

    /** An argument, then accessor steps (record component, getter or public field). */
    private record Arg(int index, List<String> accessors) {
        String value(Object[] args) throws ReflectiveOperationException {
            Object v = args[index];
            for (String step : accessors) {
                v = step(v, step);
            }
            if (v == null) {
                throw new IllegalArgumentException("lock key placeholder is null");
            }
            return String.valueOf(v);
        }

        private static Object step(Object target, String name) throws ReflectiveOperationException {
            if (target == null) {
                return null;
            }
            Class<?> type = target.getClass();
            String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            for (String candidate : new String[] {name, "get" + cap, "is" + cap}) {
                try {
                    return type.getMethod(candidate).invoke(target);
                } catch (NoSuchMethodException e) {
                    // next shape
                }
            }
            return type.getField(name).get(target);
        }
    }
}
