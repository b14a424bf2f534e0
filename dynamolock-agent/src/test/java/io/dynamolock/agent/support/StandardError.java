package io.dynamolock.agent.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** Captures what is printed to {@code System.err} while an action runs. */
public final class StandardError {

    private StandardError() {
    }

    /**
     * @param action what to run
     * @return what it printed on standard error (also passed through to the real one)
     * @throws Exception what the action threw
     */
    public static String capture(Callable<?> action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.call();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
