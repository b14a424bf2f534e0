package io.dynamolock.agent.apps;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.Lock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An application that brings its own AWS SDK v2 and Byte Buddy, both other versions than the
 * agent's, and uses them next to a locked method. Compiled against the project's versions and run
 * with the application's (only long-stable API is used).
 *
 * <p>Arguments: the DynamoDB endpoint, a lock key, the lock table. It prints the SDK version and
 * jar it loaded, makes a class with its Byte Buddy, then calls the locked method, which lists the
 * tables with the application's own SDK client, prints {@code holding KEY fence N}, and keeps the
 * lock until a line arrives on standard input; then it prints {@code released KEY}.
 */
public final class ForeignSdkApp {

    private ForeignSdkApp() {
    }

    /** The locked method. */
    public static final class Service {
        private final DynamoDbClient client;

        Service(DynamoDbClient client) {
            this.client = client;
        }

        @DynamoLocked("$<arg0>")
        public void hold(String key, String table) throws IOException {
            List<String> tables = client.listTables().tableNames();
            System.out.println("the app's sdk lists the lock table " + tables.contains(table));
            System.out.println("holding " + key + " fence " + DynamoLock.current().map(Lock::fence).orElse(-1L));
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }

    /**
     * @param args endpoint, lock key, lock table
     * @throws Exception when the application's own libraries fail
     */
    public static void main(String[] args) throws Exception {
        // Read, not referenced: SDK_VERSION is a compile-time constant, which javac would copy in from
        // the SDK this class was compiled against.
        Object version = VersionInfo.class.getField("SDK_VERSION").get(null);
        System.out.println("sdk " + version + " from "
                + VersionInfo.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("dynamodb client from "
                + DynamoDbClient.class.getProtectionDomain().getCodeSource().getLocation());
        Class<?> made = new ByteBuddy(ClassFileVersion.JAVA_V11).subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
                .make().load(ForeignSdkApp.class.getClassLoader()).getLoaded();
        System.out.println(made.getConstructor().newInstance());
        System.out.println("byte buddy from " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            new Service(client).hold(args[1], args[2]);
        }
        System.out.println("released " + args[1]);
    }
}
