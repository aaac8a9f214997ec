package dev.tillsync.node.pos;

import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import java.util.List;

/**
 * A sale to record, as a till or an import gives it.
 *
 * @param storeId      the store; empty for a till or store server (its own store), required at the root
 * @param tillId       node id of the till that rang it up; empty for this node
 * @param cashier      who rang it up
 * @param businessDate yyyy-MM-dd; empty for today
 * @param completedAtMillis when the sale was completed, milliseconds since the epoch; 0 for now
 * @param lines        at least one; quantities non-zero, prices not negative
 * @param tenders      how it was paid; together they must cover the total
 * @param externalRef  a reference in another system (an imported invoice number) that must not be
 *                     recorded twice in the store; empty for none
 */
public record SaleRequest(String storeId, String tillId, String cashier, String businessDate, long completedAtMillis,
                          List<SaleLine> lines, List<Tender> tenders, String externalRef) {
}
