package io.dynamolock.benchmarks;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import io.dynamolock.Lock;
import io.dynamolock.testing.DynamoDbServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Part 7: one manager holding 1,000 and 10,000 locks: is every lock renewed within one heartbeat
 * interval? Every acknowledged write of a lock (its acquire, then each renewal) is timed by an
 * interceptor; the gaps between them are compared with the heartbeat.
 */
final class HeartbeatScalePart {
    /** This library's defaults, used for both libraries. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final int ACQUIRE_THREADS = 64;

    private HeartbeatScalePart() {
    }

    /** Times every acknowledged write per key, within the observed window. */
    private static final class WriteLog implements ExecutionInterceptor {
        private final String keyAttribute;
        private final boolean renewalsAdd;
        final ConcurrentHashMap<String, Long> lastWrite = new ConcurrentHashMap<>();
        private final Samples gaps = new Samples();
        final AtomicLong renewals = new AtomicLong();
        volatile long windowEnd = Long.MAX_VALUE;

        /**
         * @param keyAttribute the partition key's name
         * @param renewalsAdd  whether only UpdateItems that {@code ADD} are renewals (this library,
         *                     whose acquire and release are UpdateItems too)
         */
        WriteLog(String keyAttribute, boolean renewalsAdd) {
            this.keyAttribute = keyAttribute;
            this.renewalsAdd = renewalsAdd;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            long now = System.nanoTime();
            if (now > windowEnd) {
                return;
            }
            String key;
            boolean renewal;
            if (context.request() instanceof UpdateItemRequest u) {
                key = u.key().get(keyAttribute).s();
                renewal = !renewalsAdd || u.updateExpression().contains("ADD");
            } else if (context.request() instanceof PutItemRequest p) {
                key = p.item().get(keyAttribute).s();
                renewal = false;
            } else {
                return;
            }
            Long previous = lastWrite.put(key, now);
            if (previous != null) {
                synchronized (gaps) {
                    gaps.add(now - previous);
                }
            }
            if (renewal) {
                renewals.incrementAndGet();
            }
        }

        Samples gaps() {
            synchronized (gaps) {
                return gaps;
            }
        }
    }

    /** A library holding many locks. */
    private interface Holder extends AutoCloseable {
        void acquire(String key) throws Exception;

        void releaseAll(ExecutorService pool) throws Exception;

        int stillHeld();

        @Override
        void close();
    }

    static void run(RunContext ctx, String title) throws Exception {
        Options o = ctx.options();
        DynamoDbServer server = ctx.server();
        int[] sizes = o.quick() ? new int[] {1_000} : new int[] {1_000, 10_000};
        Report.Section section = ctx.report().section(title);
        section.note("Server: " + server.backend() + ". One manager (one owner) takes N locks with "
                + ACQUIRE_THREADS + " threads, then holds them; lease " + LEASE.toSeconds() + " s, heartbeat "
                + HEARTBEAT.toSeconds() + " s (this library's defaults) for both libraries. Every acknowledged write "
                + "of a lock (its acquire, then each renewal) is timed; a *gap* is the time between two of them, or "
                + "from the last one to the end of the window, which closes one and a half heartbeats after the last "
                + "acquire. "
                + "*Renewed within one interval* means every gap ≤ heartbeat × 1.1 + 0.2 s: this library spreads "
                + "each lock's renewals over ±10% of the period on purpose, and a renewal is acknowledged one round "
                + "trip after it is sent. The AWS client renews all its locks one after another on one thread.");
        Report.Table table = new Report.Table("contender", "locks", "acquire all, s", "renewals in window",
                "gap mean s", "p99 s", "max s", "max ÷ heartbeat", "gaps over the limit", "still held at the end",
                "renewed within one interval");
        ExecutorService pool = Executors.newFixedThreadPool(ACQUIRE_THREADS, r -> {
            Thread t = new Thread(r, "bench-heartbeat-scale");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int n : sizes) {
                for (String library : List.of("dynamolock", "aws")) {
                    ctx.progress(library + ", " + n + " locks");
                    WriteLog log = new WriteLog(library.equals("aws") ? "key" : "id", library.equals("dynamolock"));
                    try (Holder holder = library.equals("aws") ? aws(server, log) : ours(server, log)) {
                        String run = UUID.randomUUID().toString().substring(0, 8);
                        long t0 = System.nanoTime();
                        List<Future<?>> futures = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            String key = "p7-" + run + "-" + i;
                            futures.add(pool.submit(() -> {
                                holder.acquire(key);
                                return null;
                            }));
                        }
                        for (Future<?> f : futures) {
                            f.get(5, TimeUnit.MINUTES);
                        }
                        long acquired = System.nanoTime();
                        long end = acquired + HEARTBEAT.toNanos() * 3 / 2;
                        log.windowEnd = end;
                        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
                        int stillHeld = holder.stillHeld();
                        Samples gaps = new Samples();
                        gaps.addAll(log.gaps());
                        for (Long last : log.lastWrite.values()) {
                            gaps.add(end - last);
                        }
                        long limit = HEARTBEAT.toNanos() * 11 / 10 + TimeUnit.MILLISECONDS.toNanos(200);
                        long late = 0;
                        for (Long last : log.lastWrite.values()) {
                            if (end - last > limit) {
                                late++;
                            }
                        }
                        late += log.gaps().countAbove(limit);
                        table.row(library.equals("aws") ? "AWS lock client 1.4.0" : "DynamoLock", String.format(
                                        java.util.Locale.ROOT, "%,d", n), Format.seconds(acquired - t0),
                                String.format(java.util.Locale.ROOT, "%,d", log.renewals.get()),
                                Format.seconds((long) gaps.mean()), Format.seconds(gaps.percentile(99)),
                                Format.seconds(gaps.max()), Format.ratio(gaps.max() / (double) HEARTBEAT.toNanos()),
                                late,
                                stillHeld + " of " + n, late == 0 && stillHeld == n ? "yes" : "**no**");
                        holder.releaseAll(pool);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        section.table(table);
    }

    private static Holder ours(DynamoDbServer server, WriteLog log) {
        DynamoLockSide side = DynamoLockSide.start(server, LEASE, HEARTBEAT, UnaryOperator.identity(), log);
        List<Lock> locks = java.util.Collections.synchronizedList(new ArrayList<>());
        return new Holder() {
            @Override
            public void acquire(String key) {
                locks.add(side.manager().tryAcquire(key, Duration.ZERO).orElseThrow());
            }

            @Override
            public void releaseAll(ExecutorService pool) throws Exception {
                List<Future<?>> futures = new ArrayList<>();
                for (Lock l : List.copyOf(locks)) {
                    futures.add(pool.submit(() -> {
                        l.close();
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
            }

            @Override
            public int stillHeld() {
                return (int) locks.stream().filter(Lock::isHeld).count();
            }

            @Override
            public void close() {
                side.close();
            }
        };
    }

    private static Holder aws(DynamoDbServer server, WriteLog log) {
        AwsLockClientSide side = new AwsLockClientSide(server, LEASE, HEARTBEAT, "aws-" + UUID.randomUUID(), log);
        List<LockItem> locks = java.util.Collections.synchronizedList(new ArrayList<>());
        return new Holder() {
            @Override
            public void acquire(String key) throws InterruptedException {
                locks.add(side.locks().acquireLock(AcquireLockOptions.builder(key).build()));
            }

            @Override
            public void releaseAll(ExecutorService pool) throws Exception {
                List<Future<?>> futures = new ArrayList<>();
                for (LockItem l : List.copyOf(locks)) {
                    futures.add(pool.submit(() -> side.locks().releaseLock(l)));
                }
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
            }

            @Override
            public int stillHeld() {
                return (int) locks.stream().filter(l -> !l.isExpired()).count();
            }

            @Override
            public void close() {
                side.close();
            }
        };
    }
}
