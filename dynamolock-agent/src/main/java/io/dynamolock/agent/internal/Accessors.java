package io.dynamolock.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.dynamolock.syntax.AccessorNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.RecordComponentDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Resolves an accessor step of a key template against a type, at weave time, by the rule that
 * {@code io.dynamolock.syntax.KeyTemplate} documents (and the annotation processor follows): a
 * record component {@code x()}, a public {@code getX()}, a public {@code isX()} returning
 * {@code boolean}/{@code Boolean}, or a public field {@code x}; inherited members count, static
 * members and {@code Object}'s do not, and types are erased.
 */
final class Accessors {

    private Accessors() {
    }

    /**
     * One resolved step: the instruction that reads the member from a value of the static type.
     *
     * @param opcode      {@code GETFIELD}, {@code INVOKEVIRTUAL} or {@code INVOKEINTERFACE}
     * @param owner       internal name of the static type the instruction names
     * @param name        the member's name
     * @param descriptor  the member's descriptor (erased)
     * @param isInterface whether {@code owner} is an interface
     * @param result      the erased type of the value the step yields
     */
    record Step(int opcode, String owner, String name, String descriptor, boolean isInterface,
                TypeDescription result) {
    }

    /**
     * @param type  the erased static type of the value so far
     * @param step  the step's name
     * @param woven the class being woven, which the generated code will run in
     * @return the resolved step
     * @throws CannotWeave when no member matches, or the type or member is not accessible
     */
    static Step resolve(TypeDescription type, String step, TypeDescription woven) throws CannotWeave {
        if (type.isPrimitive() || type.isArray()) {
            throw new CannotWeave("'." + step + "' cannot be applied to a value of type " + type.getActualName()
                    + ": primitives and arrays have no accessors");
        }
        if (!type.isAccessibleTo(woven)) {
            throw new CannotWeave("type " + type.getActualName() + " is not accessible from " + woven.getName());
        }
        List<TypeDescription> hierarchy = hierarchy(type);
        MethodDescription method = recordComponent(type, step);
        if (method == null) {
            method = mostSpecific(type, step, candidates(hierarchy, AccessorNames.getterFor(step), false));
        }
        if (method == null) {
            method = mostSpecific(type, step, candidates(hierarchy, AccessorNames.booleanGetterFor(step), true));
        }
        if (method != null) {
            return new Step(type.isInterface() ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL,
                    type.getInternalName(), method.getName(), method.asDefined().getDescriptor(), type.isInterface(),
                    method.asDefined().getReturnType().asErasure());
        }
        FieldDescription field = field(hierarchy, step);
        if (field != null) {
            return new Step(Opcodes.GETFIELD, type.getInternalName(), field.getName(),
                    field.asDefined().getDescriptor(), false, field.asDefined().getType().asErasure());
        }
        throw new CannotWeave(type.getActualName() + " has no accessor for '" + step + "' (" + AccessorNames.RULE + ")");
    }

    /** The type and its supertypes, nearest first, without {@code Object}. */
    private static List<TypeDescription> hierarchy(TypeDescription type) {
        Set<TypeDescription> seen = new LinkedHashSet<>();
        Deque<TypeDescription> next = new ArrayDeque<>();
        next.add(type);
        while (!next.isEmpty()) {
            TypeDescription t = next.poll();
            if (t.represents(Object.class) || !seen.add(t)) {
                continue;
            }
            TypeDescription.Generic superClass = t.getSuperClass();
            if (superClass != null) {
                next.add(superClass.asErasure());
            }
            for (TypeDescription.Generic itf : t.getInterfaces()) {
                next.add(itf.asErasure());
            }
        }
        return new ArrayList<>(seen);
    }

    private static MethodDescription recordComponent(TypeDescription type, String step) {
        if (!type.isRecord()) {
            return null;
        }
        for (RecordComponentDescription.InDefinedShape component : type.getRecordComponents()) {
            if (component.getActualName().equals(step)) {
                return type.getDeclaredMethods().filter(named(step).and(takesArguments(0)).and(not(isStatic())))
                        .getOnly();
            }
        }
        return null;
    }

    private static List<MethodDescription> candidates(List<TypeDescription> hierarchy, String name,
                                                      boolean booleanOnly) {
        List<MethodDescription> found = new ArrayList<>();
        for (TypeDescription t : hierarchy) {
            for (MethodDescription m : t.getDeclaredMethods()
                    .filter(named(name).and(takesArguments(0)).and(isPublic()).and(not(isStatic())))) {
                TypeDescription returned = m.getReturnType().asErasure();
                boolean fits = booleanOnly
                        ? returned.represents(boolean.class) || returned.represents(Boolean.class)
                        : !returned.represents(void.class);
                if (fits) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    /** Among covariant overrides, the one whose return type every other's is assignable from. */
    private static MethodDescription mostSpecific(TypeDescription type, String step, List<MethodDescription> found)
            throws CannotWeave {
        for (MethodDescription candidate : found) {
            TypeDefinition returned = candidate.getReturnType().asErasure();
            boolean specific = true;
            for (MethodDescription other : found) {
                if (!other.getReturnType().asErasure().isAssignableFrom(returned.asErasure())) {
                    specific = false;
                    break;
                }
            }
            if (specific) {
                return candidate;
            }
        }
        if (!found.isEmpty()) {
            throw new CannotWeave("'" + step + "' is ambiguous on " + type.getActualName() + ": " + found);
        }
        return null;
    }

    private static FieldDescription field(List<TypeDescription> hierarchy, String step) {
        for (TypeDescription t : hierarchy) {
            for (FieldDescription f : t.getDeclaredFields().filter(named(step).and(isPublic()).and(not(isStatic())))) {
                return f;
            }
        }
        return null;
    }
}
