package dev.tillsync.node.store;

import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Event;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of one group commit while it is being built. Reads see, in order, the command being
 * executed, the commands before it in the group, then the committed store. A command that throws
 * has its writes dropped and leaves the rest of the group intact. Owned by the writer thread.
 */
final class WriteContext {

    private static final byte[] DELETED = new byte[0];

    private final Kv kv;
    private final CommittedState committed;
    private final KvBatch batch = new KvBatch();
    private final Layer group = new Layer();
    private Layer command;
    private int batchMark;

    /** Writes of one command or of the group so far. */
    private static final class Layer {
        final Map<Column, Map<BytesKey, byte[]>> values = new EnumMap<>(Column.class);
        final Map<ReplicaId, Long> vector = new HashMap<>();
        final Map<ReplicaId, Long> floors = new HashMap<>();
        final List<Event> events = new ArrayList<>();
        ReplicaId self;
        boolean sync;

        /** Takes in the writes of a committed command. It may keep the command's maps, so drop the command. */
        void absorb(Layer other) {
            other.values.forEach((column, map) -> {
                Map<BytesKey, byte[]> mine = values.putIfAbsent(column, map);
                if (mine != null) {
                    mine.putAll(map);
                }
            });
            vector.putAll(other.vector);
            floors.putAll(other.floors);
            events.addAll(other.events);
            if (other.self != null) {
                self = other.self;
            }
            sync |= other.sync;
        }
    }

    WriteContext(Kv kv, CommittedState committed) {
        this.kv = kv;
        this.committed = committed;
    }

    void beginCommand() {
        command = new Layer();
        batchMark = batch.size();
    }

    void commitCommand() {
        group.absorb(command);
        command = null;
    }

    void abortCommand() {
        batch.truncate(batchMark);
        command = null;
    }

    KvBatch batch() {
        return batch;
    }

    boolean needsSync() {
        return group.sync;
    }

    Map<ReplicaId, Long> stagedVector() {
        return group.vector;
    }

    Map<ReplicaId, Long> stagedFloors() {
        return group.floors;
    }

    Map<Column, Map<BytesKey, byte[]>> stagedValues() {
        return group.values;
    }

    List<Event> newEvents() {
        return group.events;
    }

    /** Returns this node's replica id as of the current command. */
    ReplicaId self() {
        if (command.self != null) {
            return command.self;
        }
        return group.self != null ? group.self : committed.self();
    }

    /** Switches this node to a new incarnation from the current command on. */
    void setSelf(ReplicaId self) {
        command.self = self;
        batch.put(Column.META, MetaCodec.INCARNATION, Keys.longValue(self.incarnation()));
    }

    ReplicaId stagedSelf() {
        return group.self;
    }

    /** Marks the current command as one whose caller waits for durability. */
    void requireSync() {
        command.sync = true;
    }

    byte[] get(Column column, byte[] key) {
        BytesKey wrapped = new BytesKey(key);
        byte[] staged = lookup(command, column, wrapped);
        if (staged == null) {
            staged = lookup(group, column, wrapped);
        }
        if (staged != null) {
            return staged == DELETED ? null : staged;
        }
        return committed.read(kv, column, wrapped);
    }

    private static byte[] lookup(Layer layer, Column column, BytesKey key) {
        Map<BytesKey, byte[]> map = layer.values.get(column);
        return map == null ? null : map.get(key);
    }

    void put(Column column, byte[] key, byte[] value) {
        batch.put(column, key, value);
        command.values.computeIfAbsent(column, c -> new HashMap<>()).put(new BytesKey(key), value);
    }

    void delete(Column column, byte[] key) {
        batch.delete(column, key);
        command.values.computeIfAbsent(column, c -> new HashMap<>()).put(new BytesKey(key), DELETED);
    }

    long vector(ReplicaId replica) {
        Long staged = command.vector.get(replica);
        if (staged == null) {
            staged = group.vector.get(replica);
        }
        return staged != null ? staged : committed.vector(replica);
    }

    void setVector(ReplicaId replica, long counter) {
        command.vector.put(replica, counter);
        batch.put(Column.STATE, Keys.tagged(Keys.VECTOR, replica), Keys.longValue(counter));
    }

    long floor(ReplicaId replica) {
        Long staged = command.floors.get(replica);
        if (staged == null) {
            staged = group.floors.get(replica);
        }
        return staged != null ? staged : committed.floor(replica);
    }

    void setFloor(ReplicaId replica, long counter) {
        command.floors.put(replica, counter);
        batch.put(Column.STATE, Keys.tagged(Keys.FLOOR, replica), Keys.longValue(counter));
    }

    void recordNewEvent(Event event) {
        command.events.add(event);
    }

    static boolean isDeleted(byte[] value) {
        return value == DELETED;
    }
}
