package io.dynamolock.examples.inventory;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import java.util.concurrent.atomic.AtomicLong;

/** Takes an item's lock once and remembers the fence it was given, as a holder that then stalls would. */
class FenceProbe {
    private final AtomicLong fence;

    FenceProbe(AtomicLong fence) {
        this.fence = fence;
    }

    @DynamoLocked("sku-$<arg0>")
    void remember(String sku) {
        fence.set(DynamoLock.current().orElseThrow().fence());
    }
}
