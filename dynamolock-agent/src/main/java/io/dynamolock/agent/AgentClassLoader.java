package io.dynamolock.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The isolated loader of the agent's internals, the runtime, a private copy of the api, Byte
 * Buddy and the AWS SDK. Its parent is the platform loader, so it sees the JDK and the bootstrap
 * bridge but nothing of the application; and no other loader sees what it defines, because the
 * jar stores those classes under {@code inst/} as {@code .classdata}.
 *
 * <p>Resource names are mapped the same way ({@code a/B.class} is {@code inst/a/B.classdata},
 * anything else {@code inst/...}), so that libraries that read class files or service files
 * through their loader (Byte Buddy, SLF4J, the SDK) find them.
 */
final class AgentClassLoader extends ClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final String ROOT = "inst/";

    private final JarFile jar;
    private final String jarUri;
    private final ProtectionDomain domain;

    /**
     * @param jar      the agent jar, kept open for the life of the JVM
     * @param location the agent jar's URL, for code sources and resource URLs
     * @param parent   the platform class loader
     */
    AgentClassLoader(JarFile jar, URL location, ClassLoader parent) {
        super("dynamolock-agent", parent);
        this.jar = jar;
        this.jarUri = location.toString();
        this.domain = new ProtectionDomain(new CodeSource(location, (CodeSigner[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(ROOT + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String packageName = name.substring(0, dot);
            if (getDefinedPackage(packageName) == null) {
                try {
                    definePackage(packageName, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException definedMeanwhile) {
                    // another thread defined it first
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        String entryName = entryName(name);
        if (entryName == null || jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return URI.create("jar:" + jarUri + "!/" + entryName).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    /** Reads straight from the open jar: Byte Buddy reads every advice class file through here. */
    @Override
    public InputStream getResourceAsStream(String name) {
        InputStream fromParent = getParent().getResourceAsStream(name);
        if (fromParent != null) {
            return fromParent;
        }
        String entryName = entryName(name);
        JarEntry entry = entryName == null ? null : jar.getJarEntry(entryName);
        if (entry == null) {
            return null;
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    private static String entryName(String name) {
        if (name.startsWith("/") || name.contains("..")) {
            return null;
        }
        return name.endsWith(".class")
                ? ROOT + name.substring(0, name.length() - ".class".length()) + ".classdata"
                : ROOT + name;
    }
}
