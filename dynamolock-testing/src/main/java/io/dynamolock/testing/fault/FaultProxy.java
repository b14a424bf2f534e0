package io.dynamolock.testing.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback HTTP proxy between an SDK client and a DynamoDB-compatible server that injects the
 * faults a test schedules: delays, connection resets, answers dropped after the server applied
 * the request, black holes, DynamoDB throttling and 5xx errors, per operation
 * ({@code X-Amz-Target}), plus a server clock offset in the {@code Date} header of answers.
 *
 * <p>Point a client at {@link #endpoint()} instead of the server's endpoint. Requests that no
 * rule matches are forwarded unchanged. Each request gets its own connection to the server, and
 * each answer closes the client's connection ({@code Connection: close}), so a fault never
 * spills over onto another request.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(server.endpoint())) {
 *     DynamoDbClient client = server.clientBuilder().endpointOverride(proxy.endpoint()).build();
 *     proxy.inject(FaultRule.on("UpdateItem").times(1).then(Fault.dropResponse()));
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread safe. Rules can be injected and removed while requests are in flight; a request
 * follows the rules in force when the proxy finished reading it.
 *
 * <p>For test servers only: the upstream is plain {@code http}, and requests go on with the
 * headers (and so the signature) the client made for the proxy's address, which local servers
 * (moto, dynalite, LocalStack) do not check.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Duration HANG_BOUND = Duration.ofMinutes(1);
    private static final int UPSTREAM_CONNECT_MILLIS = 5_000;
    private static final int UPSTREAM_READ_MILLIS = 30_000;
    private static final int CLIENT_READ_MILLIS = 30_000;
    /** HTTP-date (RFC 9110): always two digits for the day, unlike RFC_1123_DATE_TIME. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final URI upstream;
    private final ServerSocket listener;
    private final URI endpoint;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final Clock clock;
    private final List<Injection> rules = new CopyOnWriteArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<CompletableFuture<Void>> healed = new AtomicReference<>(new CompletableFuture<>());
    private final AtomicLong dateOffsetMillis = new AtomicLong();
    /** Held around each exchange with the server while {@link #oneAtATime()} is on. */
    private final ReentrantLock serverTurn = new ReentrantLock(true);
    private volatile boolean oneAtATime;
    private volatile boolean closed;

    private FaultProxy(URI upstream, ServerSocket listener, Clock clock) {
        this.upstream = upstream;
        this.listener = listener;
        this.clock = clock;
        this.endpoint = URI.create("http://127.0.0.1:" + listener.getLocalPort());
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + listener.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + listener.getLocalPort() + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param upstream the server's endpoint, an {@code http} URL such as {@code http://127.0.0.1:4566}
     * @return the running proxy, passing everything until a rule is injected
     */
    public static FaultProxy start(URI upstream) {
        Objects.requireNonNull(upstream, "upstream");
        if (!"http".equals(upstream.getScheme()) || upstream.getHost() == null || upstream.getPort() < 0) {
            throw new IllegalArgumentException("upstream " + upstream + " is not an http URL with a host and a port");
        }
        try {
            ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(upstream, listener, Clock.systemUTC());
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a loopback port for the fault proxy", e);
        }
    }

    /** @return the endpoint clients use instead of the server's, e.g. {@code http://127.0.0.1:40123} */
    public URI endpoint() {
        return endpoint;
    }

    /** @return the server's endpoint that requests are forwarded to */
    public URI upstream() {
        return upstream;
    }

    /**
     * Adds a rule; it is consulted after the rules injected before it.
     *
     * @param rule which requests to fault and how
     * @return a handle to count its hits or remove it
     */
    public Injection inject(FaultRule rule) {
        Injection injection = new Injection(rule, System.nanoTime());
        rules.add(injection);
        return injection;
    }

    /**
     * Removes every rule and resets the connections held by {@link Fault#hang()}: from now on
     * every request is forwarded unchanged (the clock offset stays).
     */
    public void heal() {
        rules.clear();
        healed.getAndSet(new CompletableFuture<>()).complete(null);
    }

    /**
     * Makes the server's clock look off by {@code offset}: every answer gets a {@code Date}
     * header of this machine's time plus the offset, taken when the answer is sent. Zero (the
     * default) leaves the server's own header alone.
     *
     * @param offset how far ahead (positive) or behind (negative) the server's clock should look
     */
    public void serverClockOffset(Duration offset) {
        dateOffsetMillis.set(offset.toMillis());
    }

    /**
     * Forwards one request at a time from now on (faults such as delays still run side by side).
     * For servers that do not make a conditional write atomic against a concurrent one: moto
     * evaluates a condition and applies the update without holding the item, so two racing
     * acquires can both succeed. DynamoDB and dynalite do not need this.
     *
     * @return this proxy
     */
    public FaultProxy oneAtATime() {
        oneAtATime = true;
        return this;
    }

    /**
     * @return every request handled so far, in the order they completed; a request is in the
     *     log before its client gets the answer (or the reset), so a test that has seen a call
     *     end also sees its requests here
     */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /**
     * @param operation an operation such as {@code UpdateItem}
     * @return how many requests of that operation reached the server
     */
    public long forwarded(String operation) {
        return exchanges.stream().filter(e -> e.forwarded() && e.operation().equals(operation)).count();
    }

    /** Forgets the log of exchanges (rules stay). */
    public void clearLog() {
        exchanges.clear();
    }

    /** Stops listening, resets every open connection and stops every thread; idempotent. */
    @Override
    public void close() {
        closed = true;
        heal();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            resetQuietly(s);
        }
        connections.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "fault proxy " + endpoint + " -> " + upstream;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            try {
                connections.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                resetQuietly(client);
            }
        }
    }

    /** Serves one request on a client connection; every answer closes the connection. */
    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(CLIENT_READ_MILLIS);
            client.setTcpNoDelay(true);
            HttpMessage request = HttpMessage.read(client.getInputStream(), false);
            if (request == null) {
                return;
            }
            long start = System.nanoTime();
            String operation = operationOf(request);
            Fault fault = choose(operation, request.bodyText(), start);
            handle(client, request, operation, fault, start);
        } catch (IOException | RuntimeException e) {
            // the client went away or the server failed: the client sees a broken connection
        } finally {
            open.remove(client);
        }
    }

    private Fault choose(String operation, String body, long now) {
        for (Injection injection : rules) {
            Fault fault = injection.claim(operation, body, now);
            if (fault != null) {
                return fault;
            }
        }
        return Fault.pass();
    }

    private void handle(Socket client, HttpMessage request, String operation, Fault fault, long start)
            throws IOException {
        switch (fault.kind()) {
            case RESET -> {
                log(operation, fault, false, start, -1);
                resetQuietly(client);
            }
            case HANG -> {
                CompletableFuture<Void> until = healed.get();
                try {
                    until.get(HANG_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // bounded: give up on the client
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log(operation, fault, false, start, -1);
                resetQuietly(client);
            }
            case ANSWER -> {
                HttpMessage answer = new HttpMessage("HTTP/1.1 " + fault.status() + " " + reason(fault.status()),
                        new ArrayList<>(List.of(
                                new String[] {"Content-Type", Fault.contentType()},
                                new String[] {"x-amzn-RequestId", UUID.randomUUID().toString()},
                                new String[] {"Date", HTTP_DATE.format(clock.instant())})),
                        fault.body());
                log(operation, fault, false, start, fault.status());
                send(client, answer);
            }
            default -> forward(client, request, operation, fault, start);
        }
    }

    private void forward(Socket client, HttpMessage request, String operation, Fault fault, long start)
            throws IOException {
        if (fault.kind() == Fault.Kind.DELAY) {
            sleep(fault.delay());
        }
        HttpMessage answer;
        boolean turn = oneAtATime;
        if (turn) {
            serverTurn.lock();
        }
        try (Socket server = new Socket()) {
            server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), UPSTREAM_CONNECT_MILLIS);
            server.setSoTimeout(UPSTREAM_READ_MILLIS);
            server.setTcpNoDelay(true);
            OutputStream toServer = server.getOutputStream();
            request.forOneShot(null, null).write(toServer);
            InputStream fromServer = server.getInputStream();
            answer = HttpMessage.read(fromServer, true);
            if (answer == null) {
                throw new IOException("the server closed the connection without answering");
            }
        } catch (IOException e) {
            log(operation, fault, true, start, -1);
            resetQuietly(client);
            return;
        } finally {
            if (turn) {
                serverTurn.unlock();
            }
        }
        switch (fault.kind()) {
            case DROP_RESPONSE -> {
                log(operation, fault, true, start, -1);
                resetQuietly(client);
            }
            case DELAY_RESPONSE -> {
                sleep(fault.delay());
                log(operation, fault, true, start, answer.status());
                send(client, answer);
            }
            default -> {
                log(operation, fault, true, start, answer.status());
                send(client, answer);
            }
        }
    }

    private void send(Socket client, HttpMessage answer) throws IOException {
        long offset = dateOffsetMillis.get();
        HttpMessage out = offset == 0 && answer.header("Date") != null
                ? answer.forOneShot(null, null)
                : answer.forOneShot("Date", HTTP_DATE.format(clock.instant().plusMillis(offset)));
        out.write(client.getOutputStream());
    }

    private void log(String operation, Fault fault, boolean forwarded, long start, int status) {
        exchanges.add(new Exchange(operation, fault.toString(), forwarded, start, System.nanoTime(), status));
    }

    private static String operationOf(HttpMessage request) {
        String target = request.header("X-Amz-Target");
        if (target == null) {
            return "";
        }
        int dot = target.lastIndexOf('.');
        return dot < 0 ? target : target.substring(dot + 1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    /** Closes with a TCP RST rather than a FIN, as a crashed or unreachable peer would. */
    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A rule in force on a proxy. */
    public final class Injection {
        private final FaultRule rule;
        private final long injectedAtNanos;
        private final AtomicInteger matches = new AtomicInteger();

        private Injection(FaultRule rule, long injectedAtNanos) {
            this.rule = rule;
            this.injectedAtNanos = injectedAtNanos;
        }

        /** @return the fault for this request, or {@code null} when the rule does not apply to it */
        private Fault claim(String operation, String body, long now) {
            if (!rule.matches(operation, body)) {
                return null;
            }
            if (rule.window() != null && now - injectedAtNanos > rule.window().toNanos()) {
                return null;
            }
            while (true) {
                int n = matches.get();
                if (rule.times() >= 0 && n >= rule.times()) {
                    return null;
                }
                if (matches.compareAndSet(n, n + 1)) {
                    return rule.fault(n);
                }
            }
        }

        /** @return how many requests this rule has matched so far */
        public int hits() {
            return matches.get();
        }

        /** Takes the rule out of force; requests already being handled are not affected. */
        public void remove() {
            rules.remove(this);
        }

        @Override
        public String toString() {
            return rule + " (" + hits() + " hits)";
        }
    }
}
