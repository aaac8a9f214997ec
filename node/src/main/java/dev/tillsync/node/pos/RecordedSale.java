package dev.tillsync.node.pos;

import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Receipt;

/**
 * A sale or return once it is durable in this node's store.
 *
 * @param total     the sum of the line amounts
 * @param changeDue cash handed back to the customer (zero for a return)
 */
public record RecordedSale(Event event, Money total, Money changeDue) {

    /** Returns the receipt number printed on the receipt. */
    public String receiptNumber() {
        return Receipt.number(event.dot());
    }
}
