package io.dynamolock.examples.inventory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The inventory example: eight threads reserve one unit each from a stock of five, three times
 * over, under {@code @DynamoLocked("sku-$<arg0>", waitFor = "5s")}; then a late write with an
 * old fence, as a paused holder would make it, is refused by the store.
 *
 * <p>Run with the agent and the same settings as the agent ({@code dynamolock.endpoint},
 * {@code dynamolock.region}); it prints what happened and exits non-zero when a check failed.
 */
public final class InventoryExample {
    private InventoryExample() {
    }

    /**
     * @param args optional table name
     * @throws Exception when a reservation thread failed
     */
    public static void main(String[] args) throws Exception {
        String table = args.length > 0 ? args[0] : "inventory";
        try (DynamoDbClient client = client()) {
            InventoryStore store = new InventoryStore(client, table);
            store.createTable();
            store.reset("sku-1", 5);
            InventoryService service = new InventoryService(store);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                results.add(pool.submit(() -> service.reserve("sku-1", 1)));
            }
            long reserved = 0;
            for (Future<Boolean> f : results) {
                reserved += f.get() ? 1 : 0;
            }
            pool.shutdown();
            long left = store.stock("sku-1");
            System.out.println("reserved " + reserved + " of 24 requests; stock left " + left);

            // A holder whose lease lapsed (paused, partitioned) writes late with its old fence,
            // after the next holder wrote with a higher one: the store refuses the late write.
            AtomicLong staleFence = new AtomicLong();
            new FenceProbe(staleFence).remember("sku-1");
            service.restock("sku-1", 3);
            boolean staleAccepted = store.write("sku-1", 999, staleFence.get());
            System.out.println("late write with the lapsed holder's fence " + staleFence.get() + ": "
                    + (staleAccepted ? "ACCEPTED (wrong)" : "refused"));
            long finalStock = store.stock("sku-1");
            System.out.println("stock after restocking 3: " + finalStock);
            boolean ok = reserved == 5 && left == 0 && !staleAccepted && finalStock == 3;
            System.out.println(ok ? "inventory example: PASS" : "inventory example: FAIL");
            System.exit(ok ? 0 : 1);
        }
    }

    private static DynamoDbClient client() {
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getProperty("dynamolock.endpoint", System.getenv("DYNAMOLOCK_ENDPOINT"));
        String region = System.getProperty("dynamolock.region", System.getenv("DYNAMOLOCK_REGION"));
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    System.getProperty("aws.accessKeyId", "test"), System.getProperty("aws.secretAccessKey", "test"))));
        }
        if (region != null) {
            b.region(Region.of(region));
        }
        return b.build();
    }
}
