package dev.tillsync.node.store;

/**
 * An ordered key-value store with column families, atomic batches and snapshots: RocksDB in a node,
 * a sorted map in simulations. Implementations are thread-safe.
 */
public interface Kv extends KvView, AutoCloseable {

    /**
     * Writes a batch atomically.
     *
     * @param sync true to sync the write-ahead log before returning
     * @throws StoreException if the write fails; nothing of the batch is then visible
     */
    void write(KvBatch batch, boolean sync);

    /** Returns a consistent view of the store as it is now; close it when done. */
    KvSnapshot snapshot();

    /** Returns a short description for logs and errors, such as the data directory. */
    String location();

    /** Returns the bytes the store takes on disk, 0 when it is in memory. */
    long sizeOnDisk();

    @Override
    void close();

    /** A consistent, read-only view of a {@link Kv}. */
    interface KvSnapshot extends KvView, AutoCloseable {
        @Override
        void close();
    }
}
