package dev.tillsync.node.sim;

import dev.tillsync.node.store.Column;
import dev.tillsync.node.store.ForwardingKv;
import dev.tillsync.node.store.KvBatch;
import dev.tillsync.node.store.MemoryKv;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MemoryKv} that remembers which writes were not synced, so that a simulated power loss
 * can drop them: a write with {@code sync} set makes every earlier write durable, as a sync of a
 * write-ahead log does. Not thread-safe: a simulation writes from one thread.
 */
final class CrashableKv extends ForwardingKv {

    /** The value a key had before an unsynced write changed it. */
    private record Undo(Column column, byte[] key, byte[] previous) {
    }

    private final MemoryKv data;
    private final List<Undo> unsynced = new ArrayList<>();

    CrashableKv(MemoryKv data) {
        super(data);
        this.data = data;
    }

    @Override
    public void write(KvBatch batch, boolean sync) {
        if (sync) {
            unsynced.clear();
        } else {
            for (KvBatch.Op op : batch.ops()) {
                unsynced.add(new Undo(op.column(), op.key().clone(), data.get(op.column(), op.key())));
            }
        }
        super.write(batch, sync);
    }

    /**
     * Returns the data as a restart finds it: everything written, or on a power loss only what
     * was synced. Call it after the store is closed.
     */
    MemoryKv afterCrash(boolean powerLoss) {
        MemoryKv reopened = data.reopen();
        if (powerLoss && !unsynced.isEmpty()) {
            KvBatch undo = new KvBatch();
            for (int i = unsynced.size() - 1; i >= 0; i--) {
                Undo entry = unsynced.get(i);
                if (entry.previous() == null) {
                    undo.delete(entry.column(), entry.key());
                } else {
                    undo.put(entry.column(), entry.key(), entry.previous());
                }
            }
            reopened.write(undo, true);
        }
        return reopened;
    }
}
