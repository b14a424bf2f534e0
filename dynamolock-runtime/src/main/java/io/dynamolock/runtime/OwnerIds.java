package io.dynamolock.runtime;

import java.net.InetAddress;
import java.security.SecureRandom;

/** Default owner ids: host name, pid and a random suffix, unique per manager instance. */
final class OwnerIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private OwnerIds() {
    }

    static String generate() {
        return hostName() + ":" + ProcessHandle.current().pid() + ":"
                + Long.toHexString(RANDOM.nextLong() & 0xffffffffffffL);
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
