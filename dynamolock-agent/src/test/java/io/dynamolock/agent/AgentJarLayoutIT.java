package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.agent.support.ChildJvm;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The agent jar's isolated layout: only the entry classes and the bootstrap bridge are plain
 * class files (and the bridge names JDK types only); everything else is under {@code inst/} as
 * {@code .classdata}, where no loader but the agent's can define it.
 */
class AgentJarLayoutIT {

    private static List<JarEntry> entries(JarFile jar) {
        return jar.stream().filter(e -> !e.isDirectory()).toList();
    }

    @Test
    void onlyTheEntryClassesAndTheBridgeArePlainClassFiles() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            List<String> outside = new ArrayList<>();
            for (JarEntry entry : entries(jar)) {
                String name = entry.getName();
                if (name.startsWith("inst/")) {
                    assertFalse(name.endsWith(".class"), "no plain class file under inst/: " + name);
                } else if (!name.equals("META-INF/MANIFEST.MF")) {
                    outside.add(name);
                }
            }
            for (String name : outside) {
                assertTrue(name.equals("io/dynamolock/agent/AgentEntry.class")
                        || name.equals("io/dynamolock/agent/AgentClassLoader.class")
                        || name.startsWith("io/dynamolock/bootstrap/") && name.endsWith(".class"),
                        "unexpected top-level entry " + name);
            }
            assertTrue(outside.contains("io/dynamolock/bootstrap/Bridge.class"));
        }
    }

    @Test
    void everythingElseIsInsideInstAsClassData() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (String required : List.of(
                    "inst/io/dynamolock/agent/internal/AgentBoot.classdata",
                    "inst/io/dynamolock/runtime/DynamoDbLockManager.classdata",
                    "inst/io/dynamolock/DynamoLocked.classdata",
                    "inst/io/dynamolock/woven/Woven.classdata",
                    "inst/net/bytebuddy/ByteBuddy.classdata",
                    "inst/software/amazon/awssdk/services/dynamodb/DynamoDbClient.classdata",
                    "inst/software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.classdata",
                    "inst/org/slf4j/impl/StaticLoggerBinder.classdata",
                    "inst/META-INF/services/software.amazon.awssdk.http.SdkHttpService")) {
                assertNotNull(jar.getEntry(required), required);
            }
            for (JarEntry entry : entries(jar)) {
                String name = entry.getName();
                assertFalse(name.contains("/bootstrap/") && name.startsWith("inst/"), "the bridge is not duplicated: " + name);
                assertFalse(name.contains("netty") || name.contains("apache/http") || name.contains("apache5"),
                        "no unused HTTP client: " + name);
                assertFalse(name.startsWith("inst/io/dynamolock/processor/"), "no annotation processor: " + name);
            }
        }
    }

    @Test
    void theManifestNamesTheEntryClassAndAsksForNoRedefinition() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.dynamolock.agent.AgentEntry", main.getValue("Premain-Class"));
            assertEquals("io.dynamolock.agent.AgentEntry", main.getValue("Agent-Class"));
            assertEquals("false", main.getValue("Can-Retransform-Classes"));
            assertEquals("false", main.getValue("Can-Redefine-Classes"));
        }
    }

    @Test
    void theBridgeReferencesJdkTypesOnly() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (JarEntry entry : entries(jar)) {
                if (entry.getName().startsWith("io/dynamolock/bootstrap/")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        for (String type : referencedClasses(in)) {
                            assertTrue(type.startsWith("java/") || type.startsWith("io/dynamolock/bootstrap/")
                                    || type.startsWith("[Ljava/"), entry.getName() + " references " + type);
                        }
                    }
                }
            }
        }
    }

    /** The CONSTANT_Class names of a class file's constant pool. */
    private static List<String> referencedClasses(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        data.readInt();
        data.readUnsignedShort();
        data.readUnsignedShort();
        int count = data.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = data.readUTF();
                case 7 -> classIndexes.add(data.readUnsignedShort());
                case 8, 16, 19, 20 -> data.readUnsignedShort();
                case 15 -> {
                    data.readUnsignedByte();
                    data.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> data.readInt();
                case 5, 6 -> {
                    data.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant tag " + tag);
            }
        }
        return classIndexes.stream().map(i -> utf8[i]).toList();
    }
}
