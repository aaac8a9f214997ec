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

    /**
     * Reopens the store if a write failed since it was opened, so that later writes can succeed once
     * the cause is gone. A caller that keeps state in memory reads it again after a reopen, because
     * a write reported as failed may have reached the write-ahead log.
     *
     * @return true if the store was reopened; stores that need no reopen return false
     * @throws StoreException if reopening fails
     */
    default boolean reopenIfFailed() {
        return false;
    }

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
