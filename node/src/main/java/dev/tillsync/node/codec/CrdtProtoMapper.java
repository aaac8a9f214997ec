package dev.tillsync.node.codec;

import dev.tillsync.node.crdt.Crdt;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.DotMap;
import dev.tillsync.node.crdt.GCounter;
import dev.tillsync.node.crdt.GMap;
import dev.tillsync.node.crdt.LwwMap;
import dev.tillsync.node.crdt.LwwRegister;
import dev.tillsync.node.crdt.PNCounter;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.proto.v1.DotMapEntryProto;
import dev.tillsync.proto.v1.DotMapProto;
import dev.tillsync.proto.v1.DotProto;
import dev.tillsync.proto.v1.GCounterEntryProto;
import dev.tillsync.proto.v1.GCounterProto;
import dev.tillsync.proto.v1.GMapEntryProto;
import dev.tillsync.proto.v1.GMapProto;
import dev.tillsync.proto.v1.LwwMapEntryProto;
import dev.tillsync.proto.v1.LwwMapProto;
import dev.tillsync.proto.v1.LwwRegisterProto;
import dev.tillsync.proto.v1.PNCounterProto;
import dev.tillsync.proto.v1.ReplicaIdProto;
import dev.tillsync.proto.v1.TimestampProto;
import dev.tillsync.proto.v1.VersionVectorEntryProto;
import dev.tillsync.proto.v1.VersionVectorProto;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts the CRDT types to their protobuf messages and back. Encoding writes repeated entries in
 * key order, so equal states give equal bytes; decoding rejects what the types cannot hold.
 */
public final class CrdtProtoMapper {

    /** The longest node id accepted, in UTF-16 characters. */
    public static final int MAX_NODE_ID_LENGTH = 128;

    private CrdtProtoMapper() {
    }

    public static ReplicaIdProto toProto(ReplicaId replica) {
        return ReplicaIdProto.newBuilder().setNodeId(replica.nodeId()).setIncarnation(replica.incarnation()).build();
    }

    public static ReplicaId fromProto(ReplicaIdProto proto) {
        String nodeId = proto.getNodeId();
        if (nodeId.isEmpty() || nodeId.length() > MAX_NODE_ID_LENGTH) {
            throw new MalformedMessageException("replica node_id: \"" + abbreviate(nodeId)
                    + "\" (expected: 1 to " + MAX_NODE_ID_LENGTH + " characters)");
        }
        return new ReplicaId(nodeId, proto.getIncarnation());
    }

    /** Returns the node id of a replica message for a log line, cut short if it is too long. */
    public static String abbreviatedNodeId(ReplicaIdProto proto) {
        return abbreviate(proto.getNodeId());
    }

    public static DotProto toProto(Dot dot) {
        return DotProto.newBuilder().setReplica(toProto(dot.replica())).setCounter(dot.counter()).build();
    }

    public static Dot fromProto(DotProto proto) {
        if (!proto.hasReplica()) {
            throw new MalformedMessageException("dot: replica is missing");
        }
        return new Dot(fromProto(proto.getReplica()), positive("dot counter", proto.getCounter()));
    }

    public static TimestampProto toProto(Timestamp timestamp) {
        return TimestampProto.newBuilder()
                .setWallMillis(timestamp.wallMillis())
                .setLogical(timestamp.logical())
                .build();
    }

    public static Timestamp fromProto(TimestampProto proto) {
        if (proto.getWallMillis() < 0) {
            throw new MalformedMessageException("timestamp wall_millis: " + proto.getWallMillis()
                    + " (expected: >= 0)");
        }
        if (proto.getLogical() < 0) {
            throw new MalformedMessageException("timestamp logical: " + Integer.toUnsignedString(proto.getLogical())
                    + " (expected: at most " + Integer.MAX_VALUE + ")");
        }
        return new Timestamp(proto.getWallMillis(), proto.getLogical());
    }

    public static VersionVectorProto toProto(VersionVector vector) {
        VersionVectorProto.Builder builder = VersionVectorProto.newBuilder();
        vector.counters().forEach((replica, counter) -> builder.addEntries(
                VersionVectorEntryProto.newBuilder().setReplica(toProto(replica)).setCounter(counter)));
        return builder.build();
    }

    public static VersionVector fromProto(VersionVectorProto proto) {
        Map<ReplicaId, Long> counters = new TreeMap<>();
        for (VersionVectorEntryProto entry : proto.getEntriesList()) {
            ReplicaId replica = fromProto(entry.getReplica());
            long counter = nonNegative("version vector counter of " + replica, entry.getCounter());
            if (counters.put(replica, counter) != null) {
                throw duplicate("version vector", replica);
            }
        }
        return VersionVector.of(counters);
    }

    public static GCounterProto toProto(GCounter counter) {
        GCounterProto.Builder builder = GCounterProto.newBuilder();
        counter.entries().forEach((replica, value) -> builder.addEntries(
                GCounterEntryProto.newBuilder().setReplica(toProto(replica)).setValue(value)));
        return builder.build();
    }

    public static GCounter fromProto(GCounterProto proto) {
        Map<ReplicaId, Long> entries = new TreeMap<>();
        for (GCounterEntryProto entry : proto.getEntriesList()) {
            ReplicaId replica = fromProto(entry.getReplica());
            long value = nonNegative("counter entry of " + replica, entry.getValue());
            if (entries.put(replica, value) != null) {
                throw duplicate("counter", replica);
            }
        }
        return GCounter.of(entries);
    }

    public static PNCounterProto toProto(PNCounter counter) {
        return PNCounterProto.newBuilder()
                .setIncrements(toProto(counter.increments()))
                .setDecrements(toProto(counter.decrements()))
                .build();
    }

    public static PNCounter fromProto(PNCounterProto proto) {
        return PNCounter.of(fromProto(proto.getIncrements()), fromProto(proto.getDecrements()));
    }

    public static <V extends Comparable<? super V>> LwwRegisterProto toProto(LwwRegister<V> register,
                                                                               ValueCodec<V> codec) {
        return LwwRegisterProto.newBuilder()
                .setTimestamp(toProto(register.timestamp()))
                .setWriter(toProto(register.writer()))
                .setValue(codec.encode(register.value()))
                .build();
    }

    public static <V extends Comparable<? super V>> LwwRegister<V> fromProto(LwwRegisterProto proto,
                                                                              ValueCodec<V> codec) {
        if (!proto.hasTimestamp() || !proto.hasWriter()) {
            throw new MalformedMessageException("register: timestamp and writer are required");
        }
        return LwwRegister.of(codec.decode(proto.getValue()), fromProto(proto.getTimestamp()),
                fromProto(proto.getWriter()));
    }

    public static <V extends Comparable<? super V>> LwwMapProto toProto(LwwMap<String, V> map, ValueCodec<V> codec) {
        LwwMapProto.Builder builder = LwwMapProto.newBuilder();
        map.registers().forEach((key, register) -> builder.addEntries(
                LwwMapEntryProto.newBuilder().setKey(key).setRegister(toProto(register, codec))));
        return builder.build();
    }

    public static <V extends Comparable<? super V>> LwwMap<String, V> fromProto(LwwMapProto proto,
                                                                                 ValueCodec<V> codec) {
        Map<String, LwwRegister<V>> registers = new TreeMap<>();
        for (LwwMapEntryProto entry : proto.getEntriesList()) {
            if (registers.put(entry.getKey(), fromProto(entry.getRegister(), codec)) != null) {
                throw duplicate("map", entry.getKey());
            }
        }
        return LwwMap.of(registers);
    }

    public static <E extends Comparable<? super E>> DotMapProto toProto(DotMap<E> map, ValueCodec<E> codec) {
        DotMapProto.Builder builder = DotMapProto.newBuilder();
        map.values().forEach((dot, value) -> builder.addEntries(
                DotMapEntryProto.newBuilder().setDot(toProto(dot)).setValue(codec.encode(value))));
        return builder.build();
    }

    public static <E extends Comparable<? super E>> DotMap<E> fromProto(DotMapProto proto, ValueCodec<E> codec) {
        Map<Dot, E> values = new TreeMap<>();
        for (DotMapEntryProto entry : proto.getEntriesList()) {
            Dot dot = fromProto(entry.getDot());
            if (values.put(dot, codec.decode(entry.getValue())) != null) {
                throw duplicate("dot map", dot);
            }
        }
        return DotMap.of(values);
    }

    public static <V extends Crdt<V>> GMapProto toProto(GMap<String, V> map, ValueCodec<V> codec) {
        GMapProto.Builder builder = GMapProto.newBuilder();
        map.values().forEach((key, value) -> builder.addEntries(
                GMapEntryProto.newBuilder().setKey(key).setValue(codec.encode(value))));
        return builder.build();
    }

    public static <V extends Crdt<V>> GMap<String, V> fromProto(GMapProto proto, ValueCodec<V> codec) {
        Map<String, V> values = new TreeMap<>();
        for (GMapEntryProto entry : proto.getEntriesList()) {
            if (values.put(entry.getKey(), codec.decode(entry.getValue())) != null) {
                throw duplicate("map", entry.getKey());
            }
        }
        return GMap.of(values);
    }

    /** Rejects a uint64 above Long.MAX_VALUE, which Java reads as negative. */
    static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new MalformedMessageException(field + ": " + Long.toUnsignedString(value)
                    + " (expected: at most " + Long.MAX_VALUE + ")");
        }
        return value;
    }

    static long positive(String field, long value) {
        if (value <= 0) {
            throw new MalformedMessageException(field + ": " + Long.toUnsignedString(value)
                    + " (expected: 1 to " + Long.MAX_VALUE + ")");
        }
        return value;
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static MalformedMessageException duplicate(String what, Object key) {
        return new MalformedMessageException(what + ": entry " + key + " appears twice (expected: once)");
    }
}
