package io.dynamolock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * One in-process javac run over a single in-memory source with {@link DynamoLockedProcessor},
 * class files kept in memory. The source marks the line where an error is expected with
 * {@code // <- here}.
 */
final class Compilation {

    private static final String MARKER = "// <- here";

    private final String source;
    private final boolean success;
    private final List<Diagnostic<? extends JavaFileObject>> diagnostics;

    private Compilation(String source, boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        this.source = source;
        this.success = success;
        this.diagnostics = diagnostics;
    }

    /** Compiles {@code source}, a compilation unit declaring public type {@code typeName} in package {@code demo}. */
    static Compilation of(String typeName, String source) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(collector, Locale.ROOT, null);
        JavaFileObject unit = new SimpleJavaFileObject(
                URI.create("string:///demo/" + typeName + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler.CompilationTask task = compiler.getTask(new StringWriter(), new InMemoryOutput(standard),
                collector, List.of("-classpath", System.getProperty("java.class.path")), null, List.of(unit));
        task.setProcessors(List.of(new DynamoLockedProcessor()));
        task.setLocale(Locale.ROOT);
        boolean success = task.call();
        return new Compilation(source, success, List.copyOf(collector.getDiagnostics()));
    }

    /** Asserts that the source compiled without any diagnostic at all. */
    Compilation compilesCleanly() {
        assertTrue(success && diagnostics.isEmpty(), () -> "expected a clean compile, got:\n" + describe());
        return this;
    }

    /**
     * Asserts exactly one error, on the marked line, whose message contains every key word.
     *
     * @return the message
     */
    String failsWithOneErrorOnMarkedLine(String... keyWords) {
        assertFalse(success, () -> "expected the compile to fail:\n" + describe());
        List<Diagnostic<? extends JavaFileObject>> errors = errors();
        assertEquals(1, errors.size(), () -> "expected exactly one error:\n" + describe());
        Diagnostic<? extends JavaFileObject> error = errors.get(0);
        assertEquals(markedLine(), error.getLineNumber(), () -> "error on the wrong line:\n" + describe());
        String message = error.getMessage(Locale.ROOT);
        for (String word : keyWords) {
            assertTrue(message.contains(word), () -> "message lacks '" + word + "':\n" + message);
        }
        return message;
    }

    /** Asserts that the compile failed, with at least one error on the marked line. */
    void failsWithErrorOnMarkedLine() {
        assertFalse(success, () -> "expected the compile to fail:\n" + describe());
        assertTrue(errors().stream().anyMatch(d -> d.getLineNumber() == markedLine()),
                () -> "no error on line " + markedLine() + ":\n" + describe());
    }

    private List<Diagnostic<? extends JavaFileObject>> errors() {
        return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).collect(Collectors.toList());
    }

    private long markedLine() {
        String[] lines = source.split("\n", -1);
        long found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(MARKER)) {
                if (found != -1) {
                    fail("more than one line is marked " + MARKER);
                }
                found = i + 1;
            }
        }
        if (found == -1) {
            fail("no line is marked " + MARKER);
        }
        return found;
    }

    private String describe() {
        return diagnostics.stream()
                .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n", "", diagnostics.isEmpty() ? "(no diagnostics)" : ""));
    }

    /** Keeps class files in memory so that tests leave nothing on disk. */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<JavaFileManager> {
        InMemoryOutput(JavaFileManager delegate) {
            super(delegate);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className,
                                                   JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream();
                }
            };
        }
    }
}
