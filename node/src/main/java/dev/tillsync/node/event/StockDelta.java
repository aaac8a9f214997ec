package dev.tillsync.node.event;

import java.util.Objects;

/** Units added to (positive) or removed from (negative) the stock of one SKU. */
public record StockDelta(String sku, long quantity) {

    public StockDelta {
        Objects.requireNonNull(sku, "sku");
    }
}
