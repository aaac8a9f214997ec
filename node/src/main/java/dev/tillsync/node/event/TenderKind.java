package dev.tillsync.node.event;

/** How a customer paid or was refunded. */
public enum TenderKind {
    CASH,
    CARD,
    OTHER
}
