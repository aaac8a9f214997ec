package dev.tillsync.node.crdt;

/** How two version vectors relate. */
public enum Causality {
    /** Every entry of the first is at or below the second's, and one is below. */
    BEFORE,
    /** Every entry of the first is at or above the second's, and one is above. */
    AFTER,
    /** Equal entries everywhere. */
    EQUAL,
    /** Each has an entry above the other's. */
    CONCURRENT
}
