package io.dynamolock.processor;

import com.google.auto.service.AutoService;
import io.dynamolock.DynamoLocked;
import io.dynamolock.syntax.AccessorNames;
import io.dynamolock.syntax.DurationSyntax;
import io.dynamolock.syntax.KeyTemplate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic.Kind;

/**
 * Checks every {@code @DynamoLocked} method at compile time, so that a mistake the agent would
 * only find when the class is loaded (and then refuse to run the method) fails the build
 * instead. Reports a compile error, on the method and its annotation, for: a malformed key
 * template; an {@code argN} beyond the method's parameters; a name that is not a parameter; an
 * accessor step that does not resolve under the {@linkplain KeyTemplate accessor rule}, or that
 * applies to a primitive or an array; an unparseable {@code waitFor}; an abstract or native
 * method. It claims no annotation and generates nothing.
 */
@AutoService(Processor.class)
public final class DynamoLockedProcessor extends AbstractProcessor {

    private static final String ANNOTATION = DynamoLocked.class.getCanonicalName();

    /** Creates the processor; javac instantiates it through the service loader. */
    public DynamoLockedProcessor() {
    }

    /** @return {@code io.dynamolock.DynamoLocked} */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ANNOTATION);
    }

    /** @return the newest source version of the running compiler: the checks are version-neutral */
    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /**
     * Checks the annotated elements of this round.
     *
     * @return {@code false}: the annotation stays available to other processors
     */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        AccessorResolver resolver = new AccessorResolver(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        for (TypeElement annotation : annotations) {
            if (!annotation.getQualifiedName().contentEquals(ANNOTATION)) {
                continue;
            }
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                mirrorOf(element, annotation).ifPresent(mirror ->
                        new MethodCheck(element, mirror, resolver, processingEnv.getMessager()).run());
            }
        }
        return false;
    }

    private static Optional<AnnotationMirror> mirrorOf(Element element, TypeElement annotation) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().asElement().equals(annotation)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /** The checks of one annotated element; reports each problem found, keeps going. */
    private static final class MethodCheck {
        private final Element element;
        private final AnnotationMirror mirror;
        private final AccessorResolver resolver;
        private final Messager messager;

        MethodCheck(Element element, AnnotationMirror mirror, AccessorResolver resolver, Messager messager) {
            this.element = element;
            this.mirror = mirror;
            this.resolver = resolver;
            this.messager = messager;
        }

        void run() {
            if (element.getKind() != ElementKind.METHOD) {
                // javac's @Target check normally comes first; this keeps any other compiler honest.
                error("@DynamoLocked applies to methods only, not to a " + element.getKind().toString().toLowerCase(Locale.ROOT), null);
                return;
            }
            ExecutableElement method = (ExecutableElement) element;
            if (method.getModifiers().contains(Modifier.ABSTRACT)) {
                error("@DynamoLocked on abstract method " + signature(method) + ": it has no body to run under"
                        + " the lock; annotate the implementing method instead (concrete, default and static"
                        + " methods are accepted)", null);
            }
            if (method.getModifiers().contains(Modifier.NATIVE)) {
                error("@DynamoLocked on native method " + signature(method) + ": a native body cannot be woven;"
                        + " annotate a Java method that calls it instead", null);
            }
            AnnotationValue waitFor = value("waitFor");
            if (waitFor != null && waitFor.getValue() instanceof String text) {
                try {
                    DurationSyntax.parse(text);
                } catch (IllegalArgumentException e) {
                    error("@DynamoLocked(waitFor = \"" + text + "\") on " + signature(method) + ": "
                            + e.getMessage(), waitFor);
                }
            }
            AnnotationValue template = value("value");
            if (template != null && template.getValue() instanceof String text) {
                checkTemplate(method, text, template);
            }
        }

        private void checkTemplate(ExecutableElement method, String text, AnnotationValue at) {
            KeyTemplate template;
            try {
                template = KeyTemplate.parse(text);
            } catch (IllegalArgumentException e) {
                error("@DynamoLocked on " + signature(method) + ": " + e.getMessage(), at);
                return;
            }
            Set<String> seen = new HashSet<>();
            for (KeyTemplate.Placeholder placeholder : template.placeholders()) {
                if (!seen.add(placeholder.text())) {
                    continue; // a repeated placeholder has the same problem: say it once
                }
                String problem = checkPlaceholder(method, placeholder);
                if (problem != null) {
                    error("@DynamoLocked(\"" + text + "\") on " + signature(method) + ": " + problem, at);
                }
            }
        }

        /** @return what is wrong with the placeholder, or {@code null} when it resolves */
        private String checkPlaceholder(ExecutableElement method, KeyTemplate.Placeholder placeholder) {
            List<? extends VariableElement> parameters = method.getParameters();
            VariableElement root = null;
            int index = placeholder.argumentIndex();
            if (index >= 0) {
                if (index >= parameters.size()) {
                    return placeholder.text() + " refers to argument " + index + ", but the method has "
                            + (parameters.isEmpty() ? "no parameters; a template without placeholders locks one fixed key"
                            : count(parameters.size()) + ", so positions run " + positions(parameters.size()));
                }
                root = parameters.get(index);
            } else {
                for (VariableElement parameter : parameters) {
                    if (parameter.getSimpleName().contentEquals(placeholder.root())) {
                        root = parameter;
                        break;
                    }
                }
                if (root == null) {
                    return placeholder.text() + ": '" + placeholder.root() + "' is not a parameter of the method; "
                            + (parameters.isEmpty() ? "it has no parameters" : "its parameters are " + names(parameters)
                            + " (by position: " + positions(parameters.size()) + ")");
                }
            }
            TypeMirror type = resolver.erasure(root.asType());
            String path = placeholder.root();
            for (String step : placeholder.accessors()) {
                if (type.getKind().isPrimitive() || type.getKind() == TypeKind.ARRAY) {
                    return placeholder.text() + ": step '" + step + "' applies to " + path + " of type " + type
                            + ", " + (type.getKind() == TypeKind.ARRAY ? "an array" : "a primitive")
                            + ", which has no accessors; steps apply to class, interface and record types";
                }
                if (type.getKind() != TypeKind.DECLARED) {
                    return null; // an unresolved type: javac reports it already
                }
                Optional<TypeMirror> next = resolver.resolve((DeclaredType) type, step);
                if (next.isEmpty()) {
                    return placeholder.text() + ": step '" + step + "' does not resolve on " + path + " of type "
                            + type + " (no record component " + step + "(), " + AccessorNames.getterFor(step)
                            + "(), " + AccessorNames.booleanGetterFor(step) + "() or field " + step
                            + " fits); the accessor rule: " + AccessorNames.RULE;
                }
                type = next.get();
                path = path + "." + step;
            }
            String identity = resolver.identityText(type);
            if (identity != null) {
                return placeholder.text() + " is " + identity + ", whose text is Object.toString() (type@hash"
                        + " code), which does not name the value: equal values can render differently (identity"
                        + " hashes differ between objects and JVMs); render an element or an accessor of it, or a"
                        + " type with a toString() that names the value";
            }
            return null;
        }

        private AnnotationValue value(String name) {
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                    : mirror.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }

        private void error(String message, AnnotationValue value) {
            if (value == null) {
                messager.printMessage(Kind.ERROR, message, element, mirror);
            } else {
                messager.printMessage(Kind.ERROR, message, element, mirror, value);
            }
        }

        private static String signature(ExecutableElement method) {
            StringJoiner joiner = new StringJoiner(", ", method.getSimpleName() + "(", ")");
            for (VariableElement parameter : method.getParameters()) {
                joiner.add(parameter.asType() + " " + parameter.getSimpleName());
            }
            return joiner.toString();
        }

        private static String count(int parameters) {
            return parameters == 1 ? "1 parameter" : parameters + " parameters";
        }

        private static String positions(int parameters) {
            return parameters == 1 ? "arg0 only" : "arg0 to arg" + (parameters - 1);
        }

        private static String names(List<? extends VariableElement> parameters) {
            StringJoiner joiner = new StringJoiner(", ");
            for (VariableElement parameter : parameters) {
                joiner.add(parameter.getSimpleName());
            }
            return joiner.toString();
        }
    }
}
