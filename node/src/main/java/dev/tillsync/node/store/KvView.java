package dev.tillsync.node.store;

/** Reads of a key-value store, or of a consistent snapshot of one. */
public interface KvView {

    /** Visits one entry of a scan; returns false to stop. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(byte[] key, byte[] value);
    }

    /** Returns the value of {@code key}, or null. */
    byte[] get(Column column, byte[] key);

    /**
     * Visits the entries with {@code from <= key < to} in ascending key order until the visitor
     * returns false.
     */
    void scan(Column column, byte[] from, byte[] to, Visitor visitor);
}
