package io.dynamolock.agent.support;

import io.dynamolock.DynamoLocked;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a source file at test time with chosen options (for classes that Maven would compile
 * otherwise, e.g. without parameter names) and loads it in a fresh loader, so that the agent
 * weaves it then.
 */
public final class Compiler {

    private Compiler() {
    }

    /** @return the api jar (or classes folder) on this JVM's class path */
    public static Path apiLocation() {
        try {
            return Path.of(DynamoLocked.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param output    where the class files go
     * @param className the class's binary name, as {@code gen.Named}
     * @param source    its source
     * @param options   javac options, such as {@code -g:none}
     * @return a new loader (child of this test's loader) that defines the compiled classes
     */
    public static URLClassLoader compile(Path output, String className, String source, String... options) {
        try {
            Path sources = Files.createDirectories(output.resolve("src"));
            Path classes = Files.createDirectories(output.resolve("classes"));
            Path file = sources.resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> arguments = new ArrayList<>(List.of("-proc:none", "--release", "17", "-classpath",
                    apiLocation().toString(), "-d", classes.toString()));
            arguments.addAll(List.of(options));
            arguments.add(file.toString());
            int status = javac.run(null, null, null, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("javac failed for " + className);
            }
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, Compiler.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
