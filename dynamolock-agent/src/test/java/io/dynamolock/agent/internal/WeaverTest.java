package io.dynamolock.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DynamoLocked;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.lang.instrument.ClassFileTransformer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Byte Buddy weaver on its own: what it answers for good, odd and broken class files. */
class WeaverTest {
    private static final String WOVEN = "io/dynamolock/woven/Woven";

    /** Has an annotated method. */
    static class Annotated {
        @DynamoLocked("k-$<arg0>")
        String locked(String id) {
            return id;
        }
    }

    /** Mentions the annotation's descriptor, in a string, but annotates nothing. */
    static class OnlyMentions {
        String text() {
            return "Lio/dynamolock/DynamoLocked;";
        }
    }

    private final ClassFileTransformer weaver = Weaver.create(new Sites(), new Report(),
            WeaverTest.class.getClassLoader());

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(nameOf(type) + ".class")) {
            return in.readAllBytes();
        }
    }

    private byte[] weave(Class<?> type, byte[] bytes) throws Exception {
        return weaver.transform(null, type.getClassLoader(), type.getName().replace('.', '/'), null, null, bytes);
    }

    private static String nameOf(Class<?> type) {
        return type.getName().substring(type.getPackageName().length() + 1);
    }

    @Test
    void anAnnotatedMethodGetsCallsToTheWovenHelpers() throws Exception {
        byte[] original = classFile(Annotated.class);

        byte[] woven = weave(Annotated.class, original);

        assertNotNull(woven);
        String text = new String(woven, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(WOVEN), "the advice calls io.dynamolock.woven.Woven");
        assertTrue(!new String(original, StandardCharsets.ISO_8859_1).contains(WOVEN));
    }

    @Test
    void aClassThatOnlyMentionsTheAnnotationIsLeftAlone() throws Exception {
        assertNull(weave(OnlyMentions.class, classFile(OnlyMentions.class)));
    }

    @Test
    void aClassFileThatCannotBeReadIsNotDefinedAtAll() throws Exception {
        byte[] original = classFile(Annotated.class);
        byte[] broken = Arrays.copyOf(original, original.length / 2);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        byte[] answer;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            answer = weave(Annotated.class, broken);
        } finally {
            System.setErr(err);
        }

        assertEquals(0, answer.length, "bytes the JVM rejects, so that nothing runs unlocked");
        String report = captured.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("dynamolock: could not weave " + Annotated.class.getName() + " at all"), report);
    }
}
