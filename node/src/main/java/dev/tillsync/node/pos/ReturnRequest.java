package dev.tillsync.node.pos;

import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import java.util.List;

/**
 * Goods brought back, as a till or an import gives them. Line quantities are the units returned
 * (non-zero; a negative line reverses part of the return); refunds must equal the total.
 *
 * @param originalReceipt the receipt number of the original sale, or empty
 */
public record ReturnRequest(String storeId, String tillId, String cashier, String businessDate,
                            long returnedAtMillis, List<SaleLine> lines, List<Tender> refunds,
                            String originalReceipt, String externalRef) {
}
