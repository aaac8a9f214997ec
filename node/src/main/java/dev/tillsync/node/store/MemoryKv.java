package dev.tillsync.node.store;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Kv} in memory, with the same ordering and atomicity as {@link RocksKv}: for simulations
 * that open thousands of stores. Every write counts as synced, so reopening a node on the same
 * instance behaves like a restart after a crash. Thread-safe.
 */
public final class MemoryKv implements Kv {

    private final Map<Column, NavigableMap<byte[], byte[]>> columns = new EnumMap<>(Column.class);
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final String name;
    private volatile boolean closed;

    public MemoryKv(String name) {
        this.name = name;
        for (Column column : Column.values()) {
            columns.put(column, new TreeMap<>(Arrays::compareUnsigned));
        }
    }

    /** Returns a view of the same data that can be opened again after {@link #close}. */
    public MemoryKv reopen() {
        MemoryKv reopened = new MemoryKv(name);
        lock.readLock().lock();
        try {
            columns.forEach((column, map) -> reopened.columns.get(column).putAll(map));
        } finally {
            lock.readLock().unlock();
        }
        return reopened;
    }

    @Override
    public byte[] get(Column column, byte[] key) {
        lock.readLock().lock();
        try {
            checkOpen();
            byte[] value = columns.get(column).get(key);
            return value == null ? null : value.clone();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Visits under the read lock: a visitor must not write to this store. */
    @Override
    public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
        lock.readLock().lock();
        try {
            checkOpen();
            scanCopy(columns.get(column).subMap(from, true, to, false), visitor);
        } finally {
            lock.readLock().unlock();
        }
    }

    private static void scanCopy(NavigableMap<byte[], byte[]> range, Visitor visitor) {
        for (Map.Entry<byte[], byte[]> entry : range.entrySet()) {
            if (!visitor.visit(entry.getKey(), entry.getValue())) {
                return;
            }
        }
    }

    @Override
    public void write(KvBatch batch, boolean sync) {
        lock.writeLock().lock();
        try {
            checkOpen();
            for (KvBatch.Op op : batch.ops()) {
                if (op.value() == null) {
                    columns.get(op.column()).remove(op.key());
                } else {
                    columns.get(op.column()).put(op.key().clone(), op.value().clone());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public KvSnapshot snapshot() {
        Map<Column, NavigableMap<byte[], byte[]>> copy = new EnumMap<>(Column.class);
        lock.readLock().lock();
        try {
            checkOpen();
            columns.forEach((column, map) -> {
                NavigableMap<byte[], byte[]> columnCopy = new TreeMap<>(Arrays::compareUnsigned);
                columnCopy.putAll(map);
                copy.put(column, columnCopy);
            });
        } finally {
            lock.readLock().unlock();
        }
        return new KvSnapshot() {
            @Override
            public byte[] get(Column column, byte[] key) {
                return copy.get(column).get(key);
            }

            @Override
            public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
                scanCopy(copy.get(column).subMap(from, true, to, false), visitor);
            }

            @Override
            public void close() {
                copy.clear();
            }
        };
    }

    @Override
    public String location() {
        return "memory:" + name;
    }

    @Override
    public long sizeOnDisk() {
        return 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException(StoreException.Reason.CLOSED, "the store " + location() + " is already closed");
        }
    }
}
