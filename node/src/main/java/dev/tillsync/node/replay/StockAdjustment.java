package dev.tillsync.node.replay;

/**
 * A stock correction to record with {@link dev.tillsync.node.pos.PointOfSale#adjustStock}.
 *
 * @param quantity     units added (positive) or removed (negative)
 * @param externalRef  the invoice number, a slash and the row's position among the invoice's
 *                     adjustment rows counted from 1, such as {@code 537534/2}
 * @param businessDate yyyy-MM-dd
 */
public record StockAdjustment(String storeId, String sku, long quantity, String reason, String externalRef,
                              String businessDate) {
}
