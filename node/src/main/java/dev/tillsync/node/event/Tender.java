package dev.tillsync.node.event;

import java.util.Objects;

/** One payment of a sale or one refund of a return. */
public record Tender(TenderKind kind, Money amount) {

    public Tender {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
    }
}
