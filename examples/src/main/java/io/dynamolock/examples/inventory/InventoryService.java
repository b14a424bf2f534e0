package io.dynamolock.examples.inventory;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;

/** Reserves stock: a read-modify-write that must not interleave across threads or JVMs. */
public class InventoryService {
    private final InventoryStore store;

    /** @param store where stock levels live */
    public InventoryService(InventoryStore store) {
        this.store = store;
    }

    /**
     * Takes {@code quantity} units of {@code sku} off the stock when enough are left. Waits up to
     * five seconds for another reservation of the same item to finish.
     *
     * @param sku      the item
     * @param quantity how many units
     * @return {@code true} when reserved; {@code false} when not enough stock was left
     */
    @DynamoLocked(value = "sku-$<arg0>", waitFor = "5s")
    public boolean reserve(String sku, int quantity) {
        long fence = DynamoLock.current().orElseThrow().fence();
        long stock = store.stock(sku);
        if (stock < quantity) {
            return false;
        }
        if (!store.write(sku, stock - quantity, fence)) {
            throw new IllegalStateException("write for " + sku + " refused: this lock (fence " + fence
                    + ") was taken over");
        }
        return true;
    }

    /**
     * Adds {@code quantity} units to the stock.
     *
     * @param sku      the item
     * @param quantity how many units
     */
    @DynamoLocked(value = "sku-$<arg0>", waitFor = "5s")
    public void restock(String sku, int quantity) {
        long fence = DynamoLock.current().orElseThrow().fence();
        if (!store.write(sku, store.stock(sku) + quantity, fence)) {
            throw new IllegalStateException("write for " + sku + " refused: this lock (fence " + fence
                    + ") was taken over");
        }
    }
}
