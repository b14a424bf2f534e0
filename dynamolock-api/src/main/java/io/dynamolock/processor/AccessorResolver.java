package io.dynamolock.processor;

import io.dynamolock.syntax.AccessorNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The {@linkplain io.dynamolock.syntax.KeyTemplate accessor rule} on compile-time types. Works
 * on erasures throughout, as the agent does on class files, so both accept the same chains.
 */
final class AccessorResolver {

    private final Elements elements;
    private final Types types;

    /**
     * @param elements the processing environment's element utilities
     * @param types    the processing environment's type utilities
     */
    AccessorResolver(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * @param type a declared type
     * @return its erasure: a type variable becomes its leftmost bound, type arguments go
     */
    TypeMirror erasure(TypeMirror type) {
        return types.erasure(type);
    }

    /**
     * Resolves one step.
     *
     * @param owner the erased type the step applies to
     * @param step  the step name
     * @return the erased type of the step's value, or empty when no member matches the rule
     */
    Optional<TypeMirror> resolve(DeclaredType owner, String step) {
        TypeElement type = (TypeElement) owner.asElement();
        if (type.getKind() == ElementKind.RECORD) {
            for (RecordComponentElement component : type.getRecordComponents()) {
                if (component.getSimpleName().contentEquals(step)) {
                    return Optional.of(types.erasure(component.asType()));
                }
            }
        }
        List<? extends Element> members = elements.getAllMembers(type);
        Optional<TypeMirror> getter = method(members, AccessorNames.getterFor(step),
                t -> t.getKind() != TypeKind.VOID);
        if (getter.isPresent()) {
            return getter;
        }
        Optional<TypeMirror> booleanGetter = method(members, AccessorNames.booleanGetterFor(step),
                t -> t.getKind() == TypeKind.BOOLEAN || isNamed(t, "java.lang.Boolean"));
        if (booleanGetter.isPresent()) {
            return booleanGetter;
        }
        for (Element member : members) {
            if (member.getKind() == ElementKind.FIELD && member.getSimpleName().contentEquals(step)
                    && counts(member)) {
                return Optional.of(types.erasure(member.asType()));
            }
        }
        return Optional.empty();
    }

    /**
     * @param type an erased type
     * @return what the value is, when every value of this type renders by identity: an array, or a
     *     final class none of whose classes below {@code Object} declares {@code toString()}; else
     *     {@code null} (a subclass may render well, and the call checks the value it gets)
     */
    String identityText(TypeMirror type) {
        if (type.getKind() == TypeKind.ARRAY) {
            return "an array (" + type + ")";
        }
        if (type.getKind() != TypeKind.DECLARED) {
            return null;
        }
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        if (element.getKind() != ElementKind.CLASS || !element.getModifiers().contains(Modifier.FINAL)) {
            return null;
        }
        for (Element member : elements.getAllMembers(element)) {
            if (member.getKind() == ElementKind.METHOD && member.getSimpleName().contentEquals("toString")
                    && ((ExecutableElement) member).getParameters().isEmpty()
                    && !isNamed(member.getEnclosingElement().asType(), "java.lang.Object")) {
                return null;
            }
        }
        return "a " + element.getQualifiedName() + " (a final class without toString())";
    }

    private Optional<TypeMirror> method(List<? extends Element> members, String name,
                                        Predicate<TypeMirror> returnTypeFits) {
        List<TypeMirror> candidates = new ArrayList<>();
        for (Element member : members) {
            if (member.getKind() == ElementKind.METHOD && member.getSimpleName().contentEquals(name)
                    && ((ExecutableElement) member).getParameters().isEmpty() && counts(member)) {
                TypeMirror returned = types.erasure(((ExecutableElement) member).getReturnType());
                if (returnTypeFits.test(returned)) {
                    candidates.add(returned);
                }
            }
        }
        // Covariant overrides may leave several; reflection and the JVM pick the most specific.
        for (TypeMirror candidate : candidates) {
            if (candidates.stream().allMatch(other -> types.isSubtype(candidate, other))) {
                return Optional.of(candidate);
            }
        }
        return candidates.stream().findFirst();
    }

    private static boolean counts(Element member) {
        return member.getModifiers().contains(Modifier.PUBLIC)
                && !member.getModifiers().contains(Modifier.STATIC)
                && !isNamed(member.getEnclosingElement().asType(), "java.lang.Object");
    }

    private static boolean isNamed(TypeMirror type, String qualifiedName) {
        return type.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(qualifiedName);
    }
}
