package dev.tillsync.node.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Returns the operations without those of the state column that a later operation on the same
     * key replaces, in their order. Writing them atomically has the same effect as writing all of
     * them, and a group of many sales writes each stock entry once instead of once per line. Other
     * columns are left as they are because their keys are rarely written twice in a group, so
     * hashing them would cost more than it saves.
     */
    public List<Op> lastOps() {
        Set<BytesKey> seen = new HashSet<>();
        List<Op> kept = new ArrayList<>(ops.size());
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            if (op.column() != Column.STATE || seen.add(new BytesKey(op.key()))) {
                kept.add(op);
            }
        }
        Collections.reverse(kept);
        return kept;
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
