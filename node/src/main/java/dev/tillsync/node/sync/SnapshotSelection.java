package dev.tillsync.node.sync;

import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.StateReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of a snapshot for one node: the stock of its stores, the price and item registers of its
 * scopes, the events of its own subtree (sales and returns only from {@code salesSince}), and the
 * vector the state reflects, restricted to the replicas whose events concern it.
 *
 * @param salesSince yyyymmdd; sales and returns of earlier business dates are left out; 0 for none
 */
record SnapshotSelection(String targetNodeId, List<String> stores, List<Scope> registerScopes,
                         List<ReplicaId> eventOrigins, int salesSince, VersionVector vector) {

    /** Selects what {@code source} sends to a child, or exports for another node, {@code targetNodeId}. */
    static SnapshotSelection forChild(TreePosition source, String targetNodeId, StateReader.Snapshot snapshot,
                                      int salesSince) {
        String store = NodeIds.storeOf(targetNodeId);
        VersionVector vector = snapshot.vector().restrict(r -> Routing.mayConcernChild(source, targetNodeId, r));
        List<ReplicaId> origins = new ArrayList<>();
        vector.counters().keySet().forEach(r -> {
            if (NodeIds.isInSubtree(r.nodeId(), targetNodeId)) {
                origins.add(r);
            }
        });
        return new SnapshotSelection(targetNodeId, List.of(store), List.of(Scope.chain(), Scope.store(store)),
                origins, salesSince, vector);
    }

    /** Selects everything a node holds: a backup of itself. */
    static SnapshotSelection forSelf(TreePosition self, StateReader.Snapshot snapshot) {
        VersionVector vector = snapshot.vector();
        List<String> stores = self.root() ? snapshot.storeIds() : List.of(self.storeId());
        List<Scope> scopes = self.root() ? snapshot.registerScopes()
                : List.of(Scope.chain(), Scope.store(self.storeId()));
        List<ReplicaId> origins = new ArrayList<>(vector.counters().keySet());
        return new SnapshotSelection(self.nodeId(), stores, scopes, origins, 0, vector);
    }
}
