package dev.tillsync.node.crdt;

import java.util.Objects;

/**
 * The identity of one incarnation of a node: its node id and a random 64-bit incarnation.
 *
 * <p>A node takes a new incarnation on its first start and on every restore, so two replicas never
 * share an id and a dot is never reused. Ordered by node id, then by incarnation as an unsigned
 * number; the order breaks last-writer-wins ties.
 */
public record ReplicaId(String nodeId, long incarnation) implements Comparable<ReplicaId> {

    public ReplicaId {
        Objects.requireNonNull(nodeId, "nodeId");
    }

    @Override
    public int compareTo(ReplicaId other) {
        int byNode = nodeId.compareTo(other.nodeId);
        return byNode != 0 ? byNode : Long.compareUnsigned(incarnation, other.incarnation);
    }

    /**
     * Returns the incarnation as 16 lower-case hex digits. It avoids {@code String.format}, which
     * parses its pattern on every call, because the mappers call this for every entry of every
     * version vector received.
     */
    public String incarnationHex() {
        return hex(incarnation);
    }

    /** Returns an incarnation as 16 hexadecimal digits, leading zeros included, as logs and status print it. */
    public static String hex(long incarnation) {
        String digits = Long.toHexString(incarnation);
        return "0".repeat(16 - digits.length()) + digits;
    }

    @Override
    public String toString() {
        return nodeId + "#" + incarnationHex();
    }
}
