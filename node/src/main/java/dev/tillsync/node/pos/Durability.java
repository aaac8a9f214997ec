package dev.tillsync.node.pos;

/** How far up the chain an event of this node is durably stored. */
public enum Durability {
    /** In this node's store only. */
    LOCAL,
    /** Also at the parent (the store, for a till). */
    PARENT,
    /** Also at the root of the chain ({@code hq}). */
    ROOT
}
