package io.dynamolock.testing.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy's one-request-at-a-time mode, against a stand-in server that measures its own concurrency. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OneAtATimeTest {
    private static final int REQUESTS = 6;

    @Test
    void oneAtATimeNeverLetsTwoRequestsReachTheServerTogether() throws Exception {
        assertEquals(1, mostAtOnce(true));
    }

    @Test
    void withoutItConcurrentRequestsReachTheServerTogether() throws Exception {
        assertTrue(mostAtOnce(false) > 1, "the stand-in server saw no concurrency: the test above proves nothing");
    }

    /** @return the most requests the stand-in server was handling at once */
    private static int mostAtOnce(boolean oneAtATime) throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool();
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            threads.execute(() -> serve(upstream, threads, inFlight, most));
            try (FaultProxy proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + upstream.getLocalPort()))) {
                if (oneAtATime) {
                    proxy.oneAtATime();
                }
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    calls.add(threads.submit(() -> post(proxy.endpoint())));
                }
                for (Future<Integer> call : calls) {
                    assertEquals(200, call.get(10, TimeUnit.SECONDS));
                }
            }
        } finally {
            threads.shutdownNow();
        }
        return most.get();
    }

    /** Answers every request after 100 ms, counting how many it handles at once. */
    private static void serve(ServerSocket upstream, ExecutorService threads, AtomicInteger inFlight, AtomicInteger most) {
        while (!upstream.isClosed()) {
            Socket connection;
            try {
                connection = upstream.accept();
            } catch (IOException e) {
                return;
            }
            threads.execute(() -> {
                try (connection) {
                    HttpMessage.read(connection.getInputStream(), false);
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.sleep(100);
                    inFlight.decrementAndGet();
                    OutputStream out = connection.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
        }
    }

    private static int post(URI endpoint) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection(java.net.Proxy.NO_PROXY);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("X-Amz-Target", "DynamoDB_20120810.UpdateItem");
        c.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        int status = c.getResponseCode();
        c.getInputStream().readAllBytes();
        c.disconnect();
        return status;
    }
}
