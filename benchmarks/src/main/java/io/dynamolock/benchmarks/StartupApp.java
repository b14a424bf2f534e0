package io.dynamolock.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Generates and compiles part 6's application: {@value #CLASSES} small classes, {@value #LOCKED}
 * of them with a {@code @DynamoLocked} method, and a main class that loads and initialises every
 * one of them, then exits. Kept in {@code benchmarks/target/startup-app} and generated again only
 * when the generator changes.
 */
final class StartupApp {
    static final int CLASSES = 5_000;
    static final int LOCKED = 20;
    static final String PACKAGE = "io.dynamolock.benchmarks.startupapp";
    static final String MAIN = PACKAGE + ".StartupMain";
    /** Bump when the generated code changes. */
    private static final String VERSION = "v2";

    private StartupApp() {
    }

    /**
     * @param dir       where the application goes
     * @param classPath what it compiles against: the api, and the suite's own classes for the probe
     * @param annotated {@code false} for the same application without any {@code @DynamoLocked}
     *                  (a diagnosis: what the agent costs when it has nothing to weave)
     * @return the folder of its compiled classes
     */
    static Path ensure(Path dir, List<Path> classPath, boolean annotated) throws IOException {
        Path classes = dir.resolve("classes");
        Path marker = dir.resolve("generated-" + VERSION + "-" + CLASSES);
        if (Files.exists(marker)) {
            return classes;
        }
        deleteTree(dir);
        Path src = dir.resolve("src");
        Path pkg = src.resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(pkg.resolve("gen"));
        Files.createDirectories(classes);
        List<Path> sources = new ArrayList<>();
        int every = CLASSES / LOCKED;
        for (int i = 0; i < CLASSES; i++) {
            Path f = pkg.resolve("gen").resolve(name(i) + ".java");
            Files.writeString(f, source(i, i % every == every / 2, annotated), StandardCharsets.UTF_8);
            sources.add(f);
        }
        Path main = pkg.resolve("StartupMain.java");
        Files.writeString(main, mainSource(every), StandardCharsets.UTF_8);
        sources.add(main);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                "-nowarn", "-cp", String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString)
                        .toList())));
        try (var files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, null, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
            if (!ok) {
                throw new IllegalStateException("the generated start-up application did not compile");
            }
        }
        Files.writeString(marker, "");
        return classes;
    }

    static String name(int i) {
        return String.format(Locale.ROOT, "C%04d", i);
    }

    private static String source(int i, boolean locked, boolean annotated) {
        String n = name(i);
        StringBuilder b = new StringBuilder();
        b.append("package ").append(PACKAGE).append(".gen;\n\n");
        b.append("public class ").append(n).append(" {\n");
        b.append("    private static final String[] WORDS = {\"alpha\", \"beta\", \"gamma\", \"").append(n)
                .append("\"};\n");
        b.append("    private final String name;\n    private int count;\n\n");
        b.append("    public ").append(n).append("(String name) { this.name = name; }\n");
        b.append("    public String name() { return name; }\n");
        b.append("    public int next(int x) { count += x; return count * 31 + name.length(); }\n");
        b.append("    public String describe() { return \"").append(n)
                .append("[\" + name + \",\" + count + \"]\"; }\n");
        b.append("    static int hash(String s) { int h = ").append(i)
                .append("; for (int j = 0; j < s.length(); j++) { h = h * 31 + s.charAt(j); } return h; }\n");
        b.append("    public static String word(int k) { return WORDS[Math.floorMod(k, WORDS.length)]; }\n");
        if (locked) {
            b.append(annotated ? "\n    @io.dynamolock.DynamoLocked(\"k-$<arg0>\")\n" : "\n");
            b.append("    public boolean locked(String id) { return ")
                    .append("io.dynamolock.benchmarks.weaving.WeavingProbe.underLock(); }\n");
        }
        b.append("}\n");
        return b.toString();
    }

    private static String mainSource(int every) {
        return "package " + PACKAGE + ";\n\n"
                + "/** Loads and initialises every generated class; with --check, also calls each locked method. */\n"
                + "public final class StartupMain {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        ClassLoader loader = StartupMain.class.getClassLoader();\n"
                + "        int loaded = 0;\n"
                + "        for (int i = 0; i < " + CLASSES + "; i++) {\n"
                + "            Class.forName(String.format(\"" + PACKAGE + ".gen.C%04d\", i), true, loader);\n"
                + "            loaded++;\n"
                + "        }\n"
                + "        System.out.println(\"LOADED \" + loaded);\n"
                + "        if (args.length > 0 && args[0].equals(\"--check\")) {\n"
                + "            int woven = 0;\n"
                + "            for (int i = " + every / 2 + "; i < " + CLASSES + "; i += " + every + ") {\n"
                + "                Class<?> c = Class.forName(String.format(\"" + PACKAGE + ".gen.C%04d\", i));\n"
                + "                Object o = c.getConstructor(String.class).newInstance(\"x\");\n"
                + "                if ((Boolean) c.getMethod(\"locked\", String.class).invoke(o, \"id\" + i)) {\n"
                + "                    woven++;\n"
                + "                }\n"
                + "            }\n"
                + "            System.out.println(\"WOVEN \" + woven);\n"
                + "        }\n"
                + "        if (args.length > 0 && args[0].equals(\"--rss\")) {\n"
                + "            java.nio.file.Path status = java.nio.file.Path.of(\"/proc/self/status\");\n"
                + "            for (String l : java.nio.file.Files.readAllLines(status)) {\n"
                + "                if (l.startsWith(\"VmHWM:\")) {\n"
                + "                    System.out.println(\"VMHWM_KB \" + l.replaceAll(\"[^0-9]\", \"\"));\n"
                + "                }\n"
                + "            }\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
