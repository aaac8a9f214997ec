package dev.tillsync.node.store;

import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the writer thread knows of the committed store: the version vector and purge floors in
 * memory, and a bounded cache of state values (stock entries, registers) so that a sale does not
 * read RocksDB for every line. Mutated by the writer thread only, after a group is durable;
 * {@link #vectorSnapshot} and {@link #stateVersion} may be read from any thread.
 */
final class CommittedState {

    private static final int MAX_CACHED_VALUES = 100_000;
    private static final byte[] MISSING = new byte[0];

    private final Map<ReplicaId, Long> vector = new HashMap<>();
    private final Map<ReplicaId, Long> floors = new HashMap<>();
    private final Map<BytesKey, byte[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BytesKey, byte[]> eldest) {
            return size() > MAX_CACHED_VALUES;
        }
    };
    private final AtomicLong stateVersion = new AtomicLong();
    private volatile VersionVector vectorSnapshot = VersionVector.empty();
    private volatile ReplicaId self;
    private volatile VersionVector floorSnapshot = VersionVector.empty();

    static CommittedState load(Kv kv, ReplicaId self) {
        CommittedState state = new CommittedState();
        state.self = self;
        state.readCounters(kv);
        return state;
    }

    /**
     * Reads the version vector, purge floors and incarnation again and clears the cache, after the
     * store was reopened following a failed write whose effects are unknown.
     */
    void reload(Kv kv) {
        byte[] incarnation = kv.get(Column.META, MetaCodec.INCARNATION);
        if (incarnation != null) {
            self = new ReplicaId(self.nodeId(), Keys.readLong(incarnation, 0));
        }
        vector.clear();
        floors.clear();
        cache.clear();
        readCounters(kv);
        stateVersion.incrementAndGet();
    }

    private void readCounters(Kv kv) {
        byte[] vectorPrefix = Keys.single(Keys.VECTOR);
        kv.scan(Column.STATE, vectorPrefix, Keys.after(vectorPrefix), (key, value) -> {
            vector.put(Keys.readReplica(key, 1), Keys.readLong(value, 0));
            return true;
        });
        byte[] floorPrefix = Keys.single(Keys.FLOOR);
        kv.scan(Column.STATE, floorPrefix, Keys.after(floorPrefix), (key, value) -> {
            floors.put(Keys.readReplica(key, 1), Keys.readLong(value, 0));
            return true;
        });
        vectorSnapshot = VersionVector.of(vector);
        floorSnapshot = VersionVector.of(floors);
    }

    /** Returns this node's replica id: the current incarnation. */
    ReplicaId self() {
        return self;
    }

    long vector(ReplicaId replica) {
        return vector.getOrDefault(replica, 0L);
    }

    long floor(ReplicaId replica) {
        return floors.getOrDefault(replica, 0L);
    }

    /** Reads a committed value through the cache; only the state column is cached. */
    byte[] read(Kv kv, Column column, BytesKey key) {
        if (column != Column.STATE) {
            return kv.get(column, key.bytes());
        }
        byte[] cached = cache.get(key);
        if (cached == null) {
            byte[] loaded = kv.get(column, key.bytes());
            cache.put(key, loaded == null ? MISSING : loaded);
            return loaded;
        }
        return cached == MISSING ? null : cached;
    }

    /** Takes in the writes of a group that is now durable. */
    void publish(WriteContext context) {
        if (context.stagedSelf() != null) {
            self = context.stagedSelf();
        }
        vector.putAll(context.stagedVector());
        floors.putAll(context.stagedFloors());
        Map<BytesKey, byte[]> stateValues = context.stagedValues().getOrDefault(Column.STATE, Map.of());
        stateValues.forEach((key, value) -> cache.put(key, WriteContext.isDeleted(value) ? MISSING : value));
        if (!context.stagedVector().isEmpty()) {
            vectorSnapshot = VersionVector.of(vector);
        }
        if (!context.stagedFloors().isEmpty()) {
            floorSnapshot = VersionVector.of(floors);
        }
        if (!stateValues.isEmpty() || !context.stagedVector().isEmpty()) {
            stateVersion.incrementAndGet();
        }
    }

    /** Forgets cached values, after a group failed and its writes may be partly unknown. */
    void dropCache() {
        cache.clear();
    }

    VersionVector vectorSnapshot() {
        return vectorSnapshot;
    }

    VersionVector floorSnapshot() {
        return floorSnapshot;
    }

    /** Returns a number that changes whenever the state changes, for caching digests. */
    long stateVersion() {
        return stateVersion.get();
    }

    /** Returns a copy of the vector, for code that starts from a known state. */
    Map<ReplicaId, Long> vectorCopy() {
        return new HashMap<>(vector);
    }
}
