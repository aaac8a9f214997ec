package dev.tillsync.node.app;

import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.sync.SyncSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole chain in one process on 127.0.0.1: {@code hq}, one store server per store and its tills,
 * each a full node with its own data directory, linked over real TCP sockets. For the demo and load
 * tests; every node's figures are readable from outside.
 */
public final class Chain implements AutoCloseable {

    /** The root's node id. */
    public static final String ROOT_ID = NodeIds.ROOT_ID;

    private final NodeRuntime hq;
    private final Map<String, NodeRuntime> stores;
    private final Map<String, NodeRuntime> tills;

    private Chain(NodeRuntime hq, Map<String, NodeRuntime> stores, Map<String, NodeRuntime> tills) {
        this.hq = hq;
        this.stores = stores;
        this.tills = tills;
    }

    /**
     * Starts {@code hq}, the stores and {@code tillsPerStore} tills per store ({@code <store>/till-1}
     * and on), with their data under {@code directory}.
     */
    public static Chain start(Path directory, List<String> storeIds, int tillsPerStore, Transport transport,
                              SyncSettings settings, long backoffCapMillis) {
        List<NodeRuntime> started = new ArrayList<>();
        try {
            NodeRuntime hq = startNode(directory, ROOT_ID, null, transport, settings, backoffCapMillis, true);
            started.add(hq);
            Map<String, NodeRuntime> stores = new LinkedHashMap<>();
            Map<String, NodeRuntime> tills = new LinkedHashMap<>();
            for (String storeId : storeIds) {
                NodeRuntime store = startNode(directory, storeId, hq.listenAddress(), transport, settings,
                        backoffCapMillis, true);
                started.add(store);
                stores.put(storeId, store);
                for (int k = 1; k <= tillsPerStore; k++) {
                    String tillId = storeId + "/till-" + k;
                    NodeRuntime till = startNode(directory, tillId, store.listenAddress(), transport, settings,
                            backoffCapMillis, false);
                    started.add(till);
                    tills.put(tillId, till);
                }
            }
            return new Chain(hq, stores, tills);
        } catch (RuntimeException e) {
            started.forEach(NodeRuntime::close);
            throw e;
        }
    }

    private static NodeRuntime startNode(Path directory, String nodeId, HostPort parent, Transport transport,
                                         SyncSettings settings, long backoffCapMillis, boolean listens) {
        Path data = directory.resolve(NodeIds.folderName(nodeId));
        NodeRuntime.Config config = new NodeRuntime.Config(nodeId, data, listens ? new HostPort("127.0.0.1", 0) : null,
                parent, settings, 5 * 60_000L, 0, null, backoffCapMillis);
        return NodeRuntime.start(config, transport);
    }

    public NodeRuntime hq() {
        return hq;
    }

    public NodeRuntime store(String storeId) {
        return Objects.requireNonNull(stores.get(storeId), () -> "no store " + storeId + " in this chain");
    }

    public NodeRuntime till(String tillId) {
        return Objects.requireNonNull(tills.get(tillId), () -> "no till " + tillId + " in this chain");
    }

    public Map<String, NodeRuntime> stores() {
        return stores;
    }

    public Map<String, NodeRuntime> tills() {
        return tills;
    }

    /** Returns every node, hq first, then each store followed by its tills. */
    public List<NodeRuntime> nodes() {
        List<NodeRuntime> nodes = new ArrayList<>();
        nodes.add(hq);
        nodes.addAll(stores.values());
        nodes.addAll(tills.values());
        return nodes;
    }

    /** Returns true when every node but hq has a live link to its parent. */
    public boolean allConnected() {
        return nodes().stream().skip(1).allMatch(NodeRuntime::parentConnected);
    }

    /**
     * Returns true when the chain has converged: no node waits for an acknowledgement from its
     * parent, and every node's digest of each scope equals hq's.
     */
    public boolean converged() {
        long now = System.currentTimeMillis();
        for (NodeRuntime node : nodes().subList(1, nodes().size())) {
            if (!node.parentConnected() || node.replicator().status(now).getUnacknowledgedEvents() > 0) {
                return false;
            }
        }
        byte[] chain = hq.store().reader().digest(Scope.chain());
        for (NodeRuntime node : nodes()) {
            if (!Arrays.equals(chain, node.store().reader().digest(Scope.chain()))) {
                return false;
            }
        }
        for (Map.Entry<String, NodeRuntime> store : stores.entrySet()) {
            Scope scope = Scope.store(store.getKey());
            byte[] expected = hq.store().reader().digest(scope);
            if (!Arrays.equals(expected, store.getValue().store().reader().digest(scope))) {
                return false;
            }
            for (NodeRuntime till : tillsOf(store.getKey())) {
                if (!Arrays.equals(expected, till.store().reader().digest(scope))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Returns the tills of a store. */
    public List<NodeRuntime> tillsOf(String storeId) {
        List<NodeRuntime> result = new ArrayList<>();
        tills.forEach((id, till) -> {
            if (id.startsWith(storeId + "/")) {
                result.add(till);
            }
        });
        return result;
    }

    /** Returns the bytes sent on every link of the chain, both ways, since it started. */
    public long bytesSent() {
        return nodes().stream().mapToLong(node -> node.replicator().totals().bytesSent()).sum();
    }

    /** Returns the events sent on every link of the chain since it started. */
    public long eventsSent() {
        return nodes().stream().mapToLong(node -> node.replicator().totals().eventsSent()).sum();
    }

    /** Stops every node, tills first. */
    @Override
    public void close() {
        List<NodeRuntime> nodes = nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
