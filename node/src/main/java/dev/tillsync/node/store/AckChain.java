package dev.tillsync.node.store;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.proto.v1.AckProto;
import dev.tillsync.proto.v1.AncestorAckProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What each ancestor of a node has durably stored of the node's subtree, nearest first: the
 * parent, its parent, up to the root. The root's entry travels down the chain with every
 * acknowledgement, so a till knows of each sale whether it is durable locally, at its store or at
 * the root.
 */
public record AckChain(List<Level> levels) {

    /** What one ancestor has. */
    public record Level(String nodeId, VersionVector vector) {

        public Level {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(vector, "vector");
        }
    }

    public static final AckChain NONE = new AckChain(List.of());

    public AckChain {
        levels = List.copyOf(levels);
    }

    /** Returns what the parent has, or the empty vector when there is no parent. */
    public VersionVector parent() {
        return levels.isEmpty() ? VersionVector.empty() : levels.get(0).vector();
    }

    /** Returns what the root has, or the empty vector when no ancestor is known. */
    public VersionVector root() {
        return levels.isEmpty() ? VersionVector.empty() : levels.get(levels.size() - 1).vector();
    }

    /** Returns the number of ancestors that hold the event with this dot, counted from the parent up. */
    public int levelsHolding(Dot dot) {
        int count = 0;
        for (Level level : levels) {
            if (!level.vector().contains(dot)) {
                break;
            }
            count++;
        }
        return count;
    }

    public AckProto toProto() {
        AckProto.Builder builder = AckProto.newBuilder();
        for (Level level : levels) {
            builder.addAncestors(AncestorAckProto.newBuilder().setNodeId(level.nodeId())
                    .setVector(CrdtProtoMapper.toProto(level.vector())));
        }
        return builder.build();
    }

    public static AckChain fromProto(AckProto proto) {
        List<Level> levels = new ArrayList<>();
        for (AncestorAckProto ancestor : proto.getAncestorsList()) {
            levels.add(new Level(ancestor.getNodeId(), CrdtProtoMapper.fromProto(ancestor.getVector())));
        }
        return new AckChain(levels);
    }
}
