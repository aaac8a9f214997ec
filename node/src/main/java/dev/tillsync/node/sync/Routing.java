package dev.tillsync.node.sync;

import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.SaleLineProto;
import dev.tillsync.proto.v1.StockDeltaProto;
import dev.tillsync.proto.v1.StockMovedProto;

/**
 * The routing rules of events. Up: a node sends its parent every event of its own subtree. Down: a
 * parent sends a child every event of the child's scopes that the child lacks, except that sales
 * and returns made outside the child's subtree travel as their stock effect only. Nothing leaves
 * its scope, and each side checks what it receives against these rules in one place.
 */
final class Routing {

    private Routing() {
    }

    /** Returns true if events of {@code origin} travel up from {@code self} to its parent. */
    static boolean goesUp(TreePosition self, ReplicaId origin) {
        return NodeIds.isInSubtree(origin.nodeId(), self.nodeId());
    }

    /**
     * Returns true if {@code origin} may have events that concern {@code childId}. The root stores
     * the events of every store, so it sends a child only those of the child's store and its own.
     */
    static boolean mayConcernChild(TreePosition parent, String childId, ReplicaId origin) {
        if (!parent.root()) {
            return true;
        }
        return NodeIds.storeOf(origin.nodeId()).equals(NodeIds.storeOf(childId))
                || origin.nodeId().equals(parent.nodeId());
    }

    /** Returns true if the event's scope is one of the child's: the chain or the child's store. */
    static boolean inChildScope(String childId, String scope) {
        return "chain".equals(scope) || scope.equals("store:" + NodeIds.storeOf(childId));
    }

    /**
     * Returns the event as the child receives it, or null if it does not concern the child: a sale
     * or return from outside the child's subtree becomes a stock movement with the same dot.
     */
    static EventProto forChild(String childId, EventProto event) {
        if (!inChildScope(childId, event.getScope())) {
            return null;
        }
        boolean ownSubtree = NodeIds.isInSubtree(event.getDot().getReplica().getNodeId(), childId);
        return switch (event.getBodyCase()) {
            case SALE_COMPLETED -> ownSubtree ? event : project(event, event.getSaleCompleted().getLinesList(), -1);
            case SALE_RETURNED -> ownSubtree ? event : project(event, event.getSaleReturned().getLinesList(), 1);
            default -> event;
        };
    }

    private static EventProto project(EventProto event, java.util.List<SaleLineProto> lines, int sign) {
        StockMovedProto.Builder moved = StockMovedProto.newBuilder();
        for (SaleLineProto line : lines) {
            moved.addDeltas(StockDeltaProto.newBuilder().setSku(line.getSku()).setQuantity(sign * line.getQuantity()));
        }
        return EventProto.newBuilder()
                .setDot(event.getDot())
                .setTimestamp(event.getTimestamp())
                .setScope(event.getScope())
                .setBusinessDate(event.getBusinessDate())
                .setStockMoved(moved)
                .build();
    }

    /**
     * Checks an event a child sent up. Returns null if it is allowed, or the reason it is not: the
     * child may send only events of its own subtree, in its own store's scope.
     */
    static String checkFromChild(String childId, ReplicaId origin, Scope scope) {
        if (!NodeIds.isInSubtree(origin.nodeId(), childId)) {
            return "event of " + origin + " is not from the subtree of " + childId;
        }
        if (scope.isChain() || !scope.storeId().equals(NodeIds.storeOf(childId))) {
            return "event of " + origin + " in scope " + scope + " is outside the scope store:"
                    + NodeIds.storeOf(childId) + " of " + childId;
        }
        return null;
    }

    /**
     * Checks the origin of a run of events a child sent up, with or without events. Returns null if
     * it is allowed, or the reason it is not: the child may send runs of its own subtree only.
     */
    static String checkRunFromChild(String childId, ReplicaId origin) {
        if (!NodeIds.isInSubtree(origin.nodeId(), childId)) {
            return "run of events of " + origin + " is not from the subtree of " + childId;
        }
        return null;
    }

    /** Checks an event the parent sent down. Returns null if it is allowed, or the reason it is not. */
    static String checkFromParent(TreePosition self, ReplicaId origin, Scope scope) {
        if (!self.holds(scope)) {
            return "event of " + origin + " in scope " + scope + " is outside the scopes of " + self.nodeId();
        }
        return null;
    }
}
