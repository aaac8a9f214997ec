package dev.tillsync.node.event;

import java.util.Objects;

/**
 * One line of a sale or a return.
 *
 * @param quantity units on the line; a return line holds the positive number returned
 */
public record SaleLine(String sku, String description, long quantity, Money unitPrice) {

    public SaleLine {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(unitPrice, "unitPrice");
    }

    /** Returns quantity times unit price, exactly. */
    public Money amount() {
        return unitPrice.times(quantity);
    }
}
