package io.dynamolock.agent.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy between the agent and the DynamoDB-compatible server that records every request
 * the agent sends, so that tests can count them: the agent's own manager cannot be given an SDK
 * interceptor, and "no request" is only provable where the requests go.
 */
public final class CountingProxy implements AutoCloseable {

    /** One request as the agent sent it. */
    public record Request(String operation, String body) {
        /** @param key a lock key @return whether the request is about that key */
        public boolean concerns(String key) {
            return body.contains("\"S\":\"" + key + "\"");
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client;
    private final URI upstream;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /**
     * @param port     the local port to listen on
     * @param upstream the server's endpoint
     * @throws IOException when the port cannot be bound
     */
    public CountingProxy(int port, URI upstream) throws IOException {
        this.upstream = upstream;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "counting-proxy");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(workers);
        server.createContext("/", this::forward);
        server.start();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "?" : target.substring(target.indexOf('.') + 1);
            requests.add(new Request(operation, new String(body, StandardCharsets.UTF_8)));
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** @return every request so far, in order */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * @param operation an operation such as {@code UpdateItem}
     * @param key       a lock key
     * @return how many such requests for that key the agent sent so far
     */
    public long count(String operation, String key) {
        return requests.stream().filter(r -> r.operation().equals(operation) && r.concerns(key)).count();
    }

    /** @param key a lock key @return how many requests of any kind for that key the agent sent so far */
    public long count(String key) {
        return requests.stream().filter(r -> r.concerns(key)).count();
    }

    /** @return how many requests the agent sent so far */
    public int total() {
        return requests.size();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
