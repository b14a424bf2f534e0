package io.dynamolock.syntax;

/**
 * The method names that the {@linkplain KeyTemplate accessor rule} tries for a step. Not API:
 * shared so that the processor, the agent and their error messages derive names the same way.
 */
public final class AccessorNames {

    /** The accessor rule in one sentence, for error messages. */
    public static final String RULE = "a step x resolves to, in order: a record component x(),"
            + " a public no-arg getX() that is not void, a public no-arg isX() returning boolean"
            + " or Boolean, or a public field x; inherited members count, static members and"
            + " those of java.lang.Object do not, and types are taken after erasure";

    private AccessorNames() {
    }

    /**
     * @param step a step name, as in {@code id}
     * @return the getter name, as in {@code getId}: {@code get} and the step with its first
     *     character upper-cased by {@link Character#toUpperCase(int)} (locale-independent)
     * @throws IllegalArgumentException when {@code step} is empty
     */
    public static String getterFor(String step) {
        return "get" + capitalized(step);
    }

    /**
     * @param step a step name, as in {@code active}
     * @return the boolean getter name, as in {@code isActive}
     * @throws IllegalArgumentException when {@code step} is empty
     */
    public static String booleanGetterFor(String step) {
        return "is" + capitalized(step);
    }

    private static String capitalized(String step) {
        if (step.isEmpty()) {
            throw new IllegalArgumentException("an accessor step cannot be empty");
        }
        int first = step.codePointAt(0);
        return new StringBuilder(step.length())
                .appendCodePoint(Character.toUpperCase(first))
                .append(step, Character.charCount(first), step.length())
                .toString();
    }
}
