package dev.tillsync.node.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts and deletes to be written atomically. Not thread-safe: owned by the writer thread.
 */
public final class KvBatch {

    /** One put (value not null) or delete (value null). */
    public record Op(Column column, byte[] key, byte[] value) {
    }

    private final List<Op> ops = new ArrayList<>();
    private long bytes;

    public void put(Column column, byte[] key, byte[] value) {
        ops.add(new Op(column, key, value));
        bytes += key.length + value.length;
    }

    public void delete(Column column, byte[] key) {
        ops.add(new Op(column, key, null));
        bytes += key.length;
    }

    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /** Returns the sum of the key and value sizes, an estimate of the write. */
    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Drops the operations added after the first {@code size}. */
    void truncate(int size) {
        while (ops.size() > size) {
            Op removed = ops.remove(ops.size() - 1);
            bytes -= removed.key().length + (removed.value() == null ? 0 : removed.value().length);
        }
    }

    void clear() {
        ops.clear();
        bytes = 0;
    }
}
