package io.dynamolock.agent.internal;

/**
 * Why an annotated method cannot be woven (bad template, unknown argument, unresolvable
 * accessor...). Caught per method: the method is then woven to refuse every call.
 */
final class CannotWeave extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param problem what is wrong, for the report and for the callers' exception */
    CannotWeave(String problem) {
        super(problem, null, false, false);
    }
}
