package io.dynamolock.testing.fault;

/**
 * One request that went through a {@link FaultProxy}, as the proxy's log keeps it.
 *
 * @param operation   the DynamoDB operation ({@code X-Amz-Target} after the dot), or empty
 * @param fault       what the proxy did, e.g. {@code pass}, {@code drop response}, {@code 503 ServiceUnavailableException}
 * @param forwarded   whether the server received the request
 * @param startNanos  {@link System#nanoTime()} when the proxy had read the request
 * @param endNanos    {@link System#nanoTime()} when the proxy answered, reset or gave up
 * @param status      the HTTP status the client got, or {@code -1} when it got none
 */
public record Exchange(String operation, String fault, boolean forwarded, long startNanos, long endNanos,
                       int status) {
}
