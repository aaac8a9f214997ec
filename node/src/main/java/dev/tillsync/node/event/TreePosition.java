package dev.tillsync.node.event;

import java.util.Objects;

/**
 * Where a node stands in its chain: its node id and whether it is the root (the node without a
 * parent, normally {@code hq}). It decides the node's scopes and its subtree.
 */
public record TreePosition(String nodeId, boolean root) {

    public TreePosition {
        NodeIds.requireValid(Objects.requireNonNull(nodeId, "nodeId"));
    }

    /** Returns the store this node belongs to, or null for the root, which holds every store. */
    public String storeId() {
        return root ? null : NodeIds.storeOf(nodeId);
    }

    /** Returns true if events of {@code scope} may be held here. */
    public boolean holds(Scope scope) {
        return root || scope.isChain() || scope.storeId().equals(storeId());
    }

    /** Returns true if {@code otherNodeId} is this node or below it. */
    public boolean hasInSubtree(String otherNodeId) {
        return root || NodeIds.isInSubtree(otherNodeId, nodeId);
    }
}
