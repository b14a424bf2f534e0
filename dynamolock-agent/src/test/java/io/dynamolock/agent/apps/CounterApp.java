package io.dynamolock.agent.apps;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One of several JVMs that increment a number in a shared file, a read-modify-write that loses
 * updates unless the JVMs exclude each other, and append the fence each increment ran under.
 *
 * <p>Arguments: name, counter file, fence file, number of increments. It makes one locked call on
 * a key of its own (so the agent is up), prints {@code ready <name> locked <bool> at <epoch ms>},
 * waits for {@code go} on standard input (end of input: exit without incrementing), increments,
 * and prints {@code done <name>}.
 */
public final class CounterApp {

    private CounterApp() {
    }

    /** The locked methods. */
    public static final class Counter {
        @DynamoLocked("warm-up-$<arg0>")
        public boolean warmUp(String name) {
            return DynamoLock.current().isPresent();
        }

        @DynamoLocked(value = "counter", waitFor = "30s")
        public void increment(Path counter, Path fences, String name) throws IOException, InterruptedException {
            long number = Long.parseLong(Files.readString(counter, StandardCharsets.UTF_8).trim());
            Thread.sleep(5);
            // Replaced whole, so that even without a lock a reader sees a number, only maybe a stale one.
            Path next = counter.resolveSibling(counter.getFileName() + "." + name);
            Files.writeString(next, Long.toString(number + 1), StandardCharsets.UTF_8);
            Files.move(next, counter, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(fences, DynamoLock.current().get().fence() + " " + name + " " + (number + 1) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    /**
     * @param args name, counter file, fence file, number of increments
     * @throws Exception when an increment fails: the JVM exits with a non-zero code
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path counter = Path.of(args[1]);
        Path fences = Path.of(args[2]);
        int calls = Integer.parseInt(args[3]);
        Counter locked = new Counter();
        boolean warm = locked.warmUp(name);
        System.out.println("ready " + name + " locked " + warm + " at " + System.currentTimeMillis());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(in.readLine())) {
            return;
        }
        for (int i = 0; i < calls; i++) {
            locked.increment(counter, fences, name);
        }
        System.out.println("done " + name);
    }
}
