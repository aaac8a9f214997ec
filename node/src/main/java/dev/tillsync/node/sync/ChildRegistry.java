package dev.tillsync.node.sync;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.proto.v1.ChildStatusProto;
import dev.tillsync.proto.v1.NodeStatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The children of a node: who is connected, when each was last seen, its last status report, and
 * any second node that presented the same node id. Thread-safe: sessions of different event loops
 * share it.
 */
final class ChildRegistry {

    /** What a registration attempt found. */
    enum Admission { ACCEPTED, REPLACED_STALE_LINK, DUPLICATE_IDENTITY, TOO_MANY_CHILDREN }

    private static final class Entry {
        ReplicaId replica;
        InboundSession session;
        long lastSeenMillis;
        NodeStatusProto status;
        boolean digestsMatch;
        ReplicaId refusedReplica;
        String refusedReason = "";
        long refusedAtMillis;
        long suspendedUntilMillis;
    }

    private final Map<String, Entry> children = new TreeMap<>();
    private final int maxChildren;

    ChildRegistry(int maxChildren) {
        this.maxChildren = maxChildren;
    }

    /**
     * Registers a connected child. A second live link with another incarnation of the same node id
     * is refused and recorded; a second link of the same replica replaces the first, which is then
     * closed by the caller.
     */
    synchronized Admission admit(String nodeId, ReplicaId replica, InboundSession session, long nowMillis,
                                 InboundSession[] replaced) {
        Entry entry = children.get(nodeId);
        if (entry == null && connectedCount() >= maxChildren) {
            return Admission.TOO_MANY_CHILDREN;
        }
        if (entry == null) {
            entry = new Entry();
            children.put(nodeId, entry);
        }
        Admission admission = Admission.ACCEPTED;
        if (entry.session != null) {
            if (!entry.replica.equals(replica)) {
                entry.refusedReplica = replica;
                entry.refusedReason = "duplicate identity: " + nodeId + " is already connected as " + entry.replica
                        + "; the newcomer " + replica + " was refused";
                entry.refusedAtMillis = nowMillis;
                return Admission.DUPLICATE_IDENTITY;
            }
            replaced[0] = entry.session;
            admission = Admission.REPLACED_STALE_LINK;
        }
        entry.replica = replica;
        entry.session = session;
        entry.lastSeenMillis = nowMillis;
        return admission;
    }

    /** Records that a child's link closed, unless another link replaced it already. */
    synchronized void disconnected(String nodeId, InboundSession session, long nowMillis) {
        Entry entry = children.get(nodeId);
        if (entry != null && entry.session == session) {
            entry.session = null;
            entry.lastSeenMillis = nowMillis;
        }
    }

    synchronized void seen(String nodeId, long nowMillis) {
        Entry entry = children.get(nodeId);
        if (entry != null) {
            entry.lastSeenMillis = nowMillis;
        }
    }

    synchronized void status(String nodeId, NodeStatusProto status, boolean digestsMatch, long nowMillis) {
        Entry entry = children.get(nodeId);
        if (entry != null) {
            entry.status = status;
            entry.digestsMatch = digestsMatch;
            entry.lastSeenMillis = nowMillis;
        }
    }

    /** Refuses the child's links until {@code untilMillis}; returns its live session to close, if any. */
    synchronized InboundSession suspend(String nodeId, long untilMillis) {
        Entry entry = children.computeIfAbsent(nodeId, id -> new Entry());
        entry.suspendedUntilMillis = untilMillis;
        return entry.session;
    }

    synchronized boolean isSuspended(String nodeId, long nowMillis) {
        Entry entry = children.get(nodeId);
        return entry != null && entry.suspendedUntilMillis > nowMillis;
    }

    /** Returns the live sessions, to notify them of new events. */
    synchronized List<InboundSession> sessions() {
        List<InboundSession> sessions = new ArrayList<>();
        for (Entry entry : children.values()) {
            if (entry.session != null) {
                sessions.add(entry.session);
            }
        }
        return sessions;
    }

    synchronized List<ChildStatusProto> table() {
        List<ChildStatusProto> table = new ArrayList<>();
        children.forEach((nodeId, entry) -> {
            if (entry.replica == null) {
                return;
            }
            ChildStatusProto.Builder row = ChildStatusProto.newBuilder()
                    .setNodeId(nodeId)
                    .setReplica(CrdtProtoMapper.toProto(entry.replica))
                    .setConnected(entry.session != null)
                    .setLastSeenMillis(entry.lastSeenMillis)
                    .setDigestsMatch(entry.digestsMatch)
                    .setRefusedReason(entry.refusedReason)
                    .setRefusedAtMillis(entry.refusedAtMillis);
            if (entry.status != null) {
                row.setStatus(entry.status);
            }
            if (entry.refusedReplica != null) {
                row.setRefusedReplica(CrdtProtoMapper.toProto(entry.refusedReplica));
            }
            table.add(row.build());
        });
        return table;
    }

    private int connectedCount() {
        int count = 0;
        for (Entry entry : children.values()) {
            if (entry.session != null) {
                count++;
            }
        }
        return count;
    }
}
