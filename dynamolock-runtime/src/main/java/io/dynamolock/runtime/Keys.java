package io.dynamolock.runtime;

import java.nio.charset.StandardCharsets;

/**
 * Lock keys: which are accepted, checked before any request, and how they are shown in messages.
 *
 * <p>A key is any well-formed Unicode text of 1 to 2048 UTF-8 bytes (DynamoDB's limit on a
 * partition key). Control characters are accepted, as DynamoDB stores them, and are escaped
 * wherever the runtime shows a key, so a key cannot forge a line of a log. An unpaired
 * surrogate is refused: it has no UTF-8 form, so it would reach the table as a replacement
 * character and two different keys would share one lock.
 */
final class Keys {

    /** DynamoDB's limit on a partition key value. */
    static final int MAX_KEY_BYTES = 2048;
    static final String ACCEPTED = "1 to " + MAX_KEY_BYTES + " UTF-8 bytes of well-formed Unicode";
    private static final int SHOWN_CODE_POINTS = 40;

    private Keys() {
    }

    /**
     * Rejects keys DynamoDB would reject or alter, before any request.
     *
     * @throws IllegalArgumentException naming the key (escaped and shortened) and what is accepted
     */
    static void check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("lock key is " + (key == null ? "null" : "empty") + "; expected " + ACCEPTED);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("lock key '" + printable(key) + "' has an unpaired surrogate (\\u"
                        + Integer.toHexString(c) + ") at index " + i + ", which has no UTF-8 form; expected " + ACCEPTED);
            }
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("lock key '" + printable(key) + "' is " + bytes + " UTF-8 bytes; expected "
                    + ACCEPTED);
        }
    }

    /**
     * @return the key as shown in messages and logs: control characters and unpaired surrogates
     *     escaped as {@code \\uXXXX}, and cut after 40 code points (never inside a pair)
     */
    static String printable(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        int count = 0;
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            if (count == SHOWN_CODE_POINTS) {
                return shown.append("...").toString();
            }
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE
                    || cp == '\u2028' || cp == '\u2029') {
                shown.append(String.format("\\u%04x", cp));
            } else {
                shown.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
            count++;
        }
        return shown.toString();
    }
}
