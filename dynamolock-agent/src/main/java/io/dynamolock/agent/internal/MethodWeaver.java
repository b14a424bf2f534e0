package io.dynamolock.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.is;

import io.dynamolock.syntax.DurationSyntax;
import io.dynamolock.syntax.KeyTemplate;
import io.dynamolock.woven.Woven;
import java.time.Duration;
import java.util.StringJoiner;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

/**
 * Weaves each {@code @DynamoLocked} method that a class declares. Everything about a method is
 * decided here, once, when its class loads: the template is parsed, its placeholders resolved,
 * {@code waitFor} and {@code onLocked} read, the skip result chosen by return type, and a site
 * registered. A method that cannot be woven is reported and woven to refuse every call.
 */
final class MethodWeaver {

    /** The annotation's class name; matched by name so that Byte Buddy never loads it. */
    static final String DYNAMO_LOCKED = "io.dynamolock.DynamoLocked";

    private final Sites sites;
    private final Report report;
    private final AdviceSet advice;
    private final boolean refuseAll;

    /**
     * @param sites     where woven methods are registered
     * @param report    where problems go
     * @param advice    the advice templates
     * @param refuseAll {@code true} for the fallback that makes every annotated method refuse
     *                  (used when weaving the class normally failed)
     */
    MethodWeaver(Sites sites, Report report, AdviceSet advice, boolean refuseAll) {
        this.sites = sites;
        this.report = report;
        this.advice = advice;
        this.refuseAll = refuseAll;
    }

    /**
     * @param builder the class's builder
     * @param type    the class
     * @return the builder with every annotated method's advice, or {@code null} when no method
     *     is annotated (the pre-check matched the descriptor elsewhere, e.g. in a constant)
     */
    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        DynamicType.Builder<?> result = null;
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            AnnotationDescription annotation = annotation(method);
            // javac copies a method's annotations onto its bridge methods; the bridge calls the
            // real method, which is woven, so weaving the bridge too would only add a re-entry.
            if (annotation != null && !method.isBridge()) {
                result = (result == null ? builder : result).visit(weave(type, method, annotation));
            }
        }
        return result;
    }

    private static AnnotationDescription annotation(MethodDescription method) {
        for (AnnotationDescription a : method.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(DYNAMO_LOCKED)) {
                return a;
            }
        }
        return null;
    }

    private AsmVisitorWrapper weave(TypeDescription type, MethodDescription.InDefinedShape method,
                                    AnnotationDescription annotation) {
        String where = describe(type, method);
        if (method.isAbstract() || method.isNative()) {
            // No body to put advice into. A native method cannot be advised without changing
            // the class format; an abstract one is run by implementations that the annotation
            // does not reach (method annotations are not inherited).
            report.problem("cannot lock " + where + ": @DynamoLocked on " + (method.isNative() ? "a native" : "an abstract")
                    + " method has no body to lock; annotate the implementing method instead", null);
            return AsmVisitorWrapper.NoOp.INSTANCE;
        }
        if (refuseAll) {
            return advice.refusing("cannot lock " + where + ": its class could not be woven (see the agent's report"
                    + " on standard error); the method refuses to run unlocked").on(is(method));
        }
        String problem;
        try {
            if (method.isConstructor()) {
                throw new CannotWeave("a constructor cannot be locked");
            }
            KeyTemplate template = parseTemplate(annotation);
            Duration wait = parseWait(annotation);
            boolean skips = "SKIP".equals(onLocked(annotation));
            KeyRendering key = KeyRendering.compile(type, method, template, where);
            int site = sites.register(new Site(where, wait, skips));
            return advice.locking(site, key, skipResult(method.getReturnType().asErasure())).on(is(method));
        } catch (CannotWeave e) {
            problem = e.getMessage();
        } catch (RuntimeException e) {
            // Typically a type the class file names but the class loader cannot provide.
            problem = e.toString();
        }
        String message = "cannot lock " + where + ": " + problem;
        report.problem(message + "; calls to it throw LockUnavailableException", null);
        return advice.refusing(message + " (the method refuses to run unlocked)").on(is(method));
    }

    private static KeyTemplate parseTemplate(AnnotationDescription annotation) throws CannotWeave {
        String source = value(annotation, "value", String.class, null);
        if (source == null) {
            throw new CannotWeave("the annotation has no key template");
        }
        try {
            return KeyTemplate.parse(source);
        } catch (IllegalArgumentException e) {
            throw new CannotWeave(e.getMessage());
        }
    }

    private static Duration parseWait(AnnotationDescription annotation) throws CannotWeave {
        String text = value(annotation, "waitFor", String.class, "0s");
        try {
            return DurationSyntax.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CannotWeave("invalid waitFor: " + e.getMessage());
        }
    }

    private static String onLocked(AnnotationDescription annotation) throws CannotWeave {
        EnumerationDescription value = value(annotation, "onLocked", EnumerationDescription.class, null);
        String name = value == null ? "FAIL" : value.getValue();
        if (!name.equals("FAIL") && !name.equals("SKIP")) {
            throw new CannotWeave("onLocked = " + name + " is unknown to this agent (FAIL or SKIP)");
        }
        return name;
    }

    /** Reads an element, or its default when the annotation type's own default cannot be read. */
    private static <T> T value(AnnotationDescription annotation, String name, Class<T> type, T fallback)
            throws CannotWeave {
        AnnotationValue<?, ?> value;
        try {
            value = annotation.getValue(name);
        } catch (RuntimeException missing) {
            return fallback;
        }
        try {
            return value.resolve(type);
        } catch (RuntimeException e) {
            throw new CannotWeave("the annotation's " + name + " cannot be read: " + e.getMessage());
        }
    }

    /** The value a skipped body returns, by the declared return type. */
    static int skipResult(TypeDescription returned) {
        switch (returned.getName()) {
            case "java.util.Optional": return Woven.SKIP_OPTIONAL;
            case "java.util.OptionalInt": return Woven.SKIP_OPTIONAL_INT;
            case "java.util.OptionalLong": return Woven.SKIP_OPTIONAL_LONG;
            case "java.util.OptionalDouble": return Woven.SKIP_OPTIONAL_DOUBLE;
            case "java.util.concurrent.CompletableFuture":
            case "java.util.concurrent.CompletionStage":
            case "java.util.concurrent.Future":
                return Woven.SKIP_COMPLETED_FUTURE;
            default:
                return Woven.SKIP_NULL;
        }
    }

    /** @return {@code com.acme.Billing.settle(java.lang.String)} */
    static String describe(TypeDescription type, MethodDescription method) {
        StringJoiner parameters = new StringJoiner(", ", "(", ")");
        for (TypeDescription p : method.getParameters().asTypeList().asErasures()) {
            parameters.add(p.getActualName());
        }
        return type.getActualName() + "." + (method.isConstructor() ? "<init>" : method.getName()) + parameters;
    }
}
