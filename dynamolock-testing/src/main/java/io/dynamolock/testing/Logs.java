package io.dynamolock.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the end of a server's log for error messages, since the console never sees its output. */
final class Logs {

    private static final int TAIL_BYTES = 4096;

    private Logs() {
    }

    /** @return a message suffix with the last few KB of the log, or why there is none */
    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length == 0) {
                return "; the log is empty";
            }
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] tail = new byte[size];
            file.seek(length - size);
            file.readFully(tail);
            return "; end of the log:\n" + new String(tail, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "; the log could not be read: " + e.getMessage();
        }
    }
}
