package dev.tillsync.node.store;

import dev.tillsync.node.crdt.ReplicaId;
import java.util.Objects;

/** One replica's entry of the stock counter of a SKU in a store. */
public record StockEntry(String storeId, String sku, ReplicaId replica, long increments, long decrements) {

    public StockEntry {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(replica, "replica");
        if (increments < 0 || decrements < 0) {
            throw new IllegalArgumentException("stock entry of " + sku + " by " + replica + ": +" + increments + " -"
                    + decrements + " (expected: both >= 0)");
        }
    }
}
