package io.dynamolock.agent.internal;

import io.dynamolock.syntax.KeyTemplate;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A key template compiled for one method: the template is parsed and every accessor resolved
 * when the class loads, and the enter advice's {@link LockKey} parameter becomes straight-line
 * bytecode that loads the arguments, calls the accessors, checks for {@code null} and
 * concatenates: no reflection and no parsing per call.
 *
 * <p>For {@code "invoice-$<arg0.id>"} on {@code settle(Order order)} the generated code is
 * {@code "invoice-".concat(Woven.text(((Order) Woven.present(order, m1)).id(), m2))}, where
 * {@code m1} and {@code m2} are constant messages naming the method and the placeholder.
 */
final class KeyRendering implements Advice.OffsetMapping {
    private static final String WOVEN = "io/dynamolock/woven/Woven";
    private static final String PRESENT = "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;";
    private static final String TEXT = "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;";
    private static final String STRING = "java/lang/String";

    /** A part of the key: literal text, or a placeholder. */
    private sealed interface Part permits Text, Value {
    }

    private record Text(String text) implements Part {
    }

    /**
     * A placeholder, resolved.
     *
     * @param parameter    the argument it starts from
     * @param type         the argument's erased type
     * @param steps        the accessors applied to it, in order
     * @param nullMessages for each value along the way (the argument, then each step's result),
     *                     the message when it is {@code null}
     */
    private record Value(ParameterDescription parameter, TypeDescription type, List<Accessors.Step> steps,
                         List<String> nullMessages) implements Part {
    }

    private final List<Part> parts;

    private KeyRendering(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Resolves {@code template} against {@code method}.
     *
     * @param woven    the class being woven
     * @param method   the annotated method
     * @param template the parsed template
     * @param where    the method, for messages
     * @return the compiled key
     * @throws CannotWeave when an argument or accessor cannot be resolved
     */
    static KeyRendering compile(TypeDescription woven, MethodDescription method, KeyTemplate template, String where)
            throws CannotWeave {
        List<Part> parts = new ArrayList<>();
        for (KeyTemplate.Segment segment : template.segments()) {
            if (segment instanceof KeyTemplate.Literal literal) {
                parts.add(new Text(literal.text()));
                continue;
            }
            KeyTemplate.Placeholder placeholder = (KeyTemplate.Placeholder) segment;
            ParameterDescription parameter = root(method, placeholder);
            TypeDescription type = parameter.getType().asErasure();
            List<Accessors.Step> steps = new ArrayList<>();
            List<String> nullMessages = new ArrayList<>();
            String path = placeholder.root();
            String prefix = where + ": the lock key \"" + template.source() + "\" cannot be rendered: ";
            TypeDescription current = type;
            for (String accessor : placeholder.accessors()) {
                nullMessages.add(prefix + path + " is null, so " + placeholder.text() + " has no value");
                Accessors.Step step;
                try {
                    step = Accessors.resolve(current, accessor, woven);
                } catch (CannotWeave e) {
                    throw new CannotWeave("in " + placeholder.text() + ", " + e.getMessage());
                }
                steps.add(step);
                current = step.result();
                path = path + "." + accessor;
            }
            String identity = identityText(current);
            if (identity != null) {
                throw new CannotWeave(placeholder.text() + " is " + identity + ", whose text is Object.toString()"
                        + " (type@hash code), which does not name the value: equal values can render differently"
                        + " (identity hashes differ between objects and JVMs); render an element or an accessor of"
                        + " it, or a type with a toString() that names the value");
            }
            nullMessages.add(prefix + placeholder.text() + " is null");
            parts.add(new Value(parameter, type, steps, nullMessages));
        }
        return new KeyRendering(parts);
    }

    /**
     * @return what the value is, when every value of this type renders by identity: an array, or a
     *     final class none of whose classes below {@code Object} declares {@code toString()}; else
     *     {@code null} (a subclass may render well; the call checks the value it gets)
     */
    private static String identityText(TypeDescription type) {
        if (type.isArray()) {
            return "an array (" + type.getActualName() + ")";
        }
        // JDK types are left to the per-call check, and decided by name before anything resolves
        // the type: reading String's class file at every weave (most keys are strings) cost
        // start-up, and the JDK's final value classes render well.
        if (type.isPrimitive() || type.getName().startsWith("java.") || type.isInterface() || !type.isFinal()) {
            return null;
        }
        try {
            for (TypeDescription t = type; t != null && !t.represents(Object.class);
                 t = t.getSuperClass() == null ? null : t.getSuperClass().asErasure()) {
                if (!t.getDeclaredMethods().filter(ElementMatchers.named("toString")
                        .and(ElementMatchers.takesArguments(0))).isEmpty()) {
                    return null;
                }
            }
        } catch (RuntimeException unresolvable) {
            return null; // a supertype's class file is missing: the call checks the value it gets
        }
        return "a " + type.getActualName() + " (a final class without toString())";
    }

    private static ParameterDescription root(MethodDescription method, KeyTemplate.Placeholder placeholder)
            throws CannotWeave {
        List<? extends ParameterDescription> parameters = method.getParameters();
        int index = placeholder.argumentIndex();
        if (index >= 0) {
            if (index >= parameters.size()) {
                throw new CannotWeave(placeholder.text() + " names argument " + index + ", but the method has "
                        + (parameters.isEmpty() ? "no parameters" : parameters.size() == 1 ? "1 parameter"
                        : parameters.size() + " parameters (arg0 to arg" + (parameters.size() - 1) + ")"));
            }
            return parameters.get(index);
        }
        boolean named = false;
        List<String> names = new ArrayList<>();
        for (ParameterDescription p : parameters) {
            if (p.isNamed()) {
                named = true;
                names.add(p.getName());
                if (p.getName().equals(placeholder.root())) {
                    return p;
                }
            }
        }
        if (!named && !parameters.isEmpty()) {
            throw new CannotWeave(placeholder.text() + " names an argument by name, but the class was compiled"
                    + " without parameter names: compile it with -parameters (or -g), or write $<argN>");
        }
        throw new CannotWeave(placeholder.text() + " names no parameter of the method"
                + (names.isEmpty() ? " (it has none)" : " (its parameters are " + String.join(", ", names) + ")")
                + "; write $<argN> for an argument by position");
    }

    @Override
    public Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod, Assigner assigner,
                          Advice.ArgumentHandler argumentHandler, Sort sort) {
        return new Target.ForStackManipulation(new Render(argumentHandler));
    }

    /** The generated code, for one placement of the advice. */
    private final class Render extends StackManipulation.AbstractBase {
        private final Advice.ArgumentHandler arguments;
        private int depth;
        private int maximum;

        Render(Advice.ArgumentHandler arguments) {
            this.arguments = arguments;
        }

        @Override
        public Size apply(MethodVisitor mv, Implementation.Context context) {
            depth = 0;
            maximum = 0;
            boolean first = true;
            for (Part part : parts) {
                if (part instanceof Text text) {
                    mv.visitLdcInsn(text.text());
                    push(1);
                } else {
                    value(mv, (Value) part);
                }
                if (!first) {
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, STRING, "concat", "(Ljava/lang/String;)Ljava/lang/String;",
                            false);
                    pop(1);
                }
                first = false;
            }
            return new Size(1, maximum);
        }

        /** Leaves the placeholder's text on the stack. */
        private void value(MethodVisitor mv, Value value) {
            TypeDescription type = value.type();
            Type asm = Type.getType(type.getDescriptor());
            mv.visitVarInsn(asm.getOpcode(Opcodes.ILOAD), arguments.argument(value.parameter().getOffset()));
            push(asm.getSize());
            for (int i = 0; i < value.steps().size(); i++) {
                Accessors.Step step = value.steps().get(i);
                mv.visitLdcInsn(value.nullMessages().get(i));
                push(1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, WOVEN, "present", PRESENT, false);
                pop(1);
                if (!type.represents(Object.class)) {
                    mv.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
                }
                if (step.opcode() == Opcodes.GETFIELD) {
                    mv.visitFieldInsn(Opcodes.GETFIELD, step.owner(), step.name(), step.descriptor());
                } else {
                    mv.visitMethodInsn(step.opcode(), step.owner(), step.name(), step.descriptor(), step.isInterface());
                }
                pop(1);
                type = step.result();
                asm = Type.getType(type.getDescriptor());
                push(asm.getSize());
            }
            if (type.isPrimitive()) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, STRING, "valueOf",
                        "(" + valueOfParameter(asm) + ")Ljava/lang/String;", false);
                pop(asm.getSize());
                push(1);
            } else {
                mv.visitLdcInsn(value.nullMessages().get(value.nullMessages().size() - 1));
                push(1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, WOVEN, "text", TEXT, false);
                pop(1);
            }
        }

        private void push(int slots) {
            depth += slots;
            maximum = Math.max(maximum, depth);
        }

        private void pop(int slots) {
            depth -= slots;
        }
    }

    /** {@code String.valueOf} has no byte or short overload; their int value prints the same. */
    private static String valueOfParameter(Type primitive) {
        switch (primitive.getSort()) {
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return "I";
            default:
                return primitive.getDescriptor();
        }
    }
}
