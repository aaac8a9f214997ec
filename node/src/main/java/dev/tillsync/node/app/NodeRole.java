package dev.tillsync.node.app;

import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.NodeStore;
import java.nio.charset.StandardCharsets;

/**
 * Whether the node of a data directory ran as the root of its chain, as recorded at its last start,
 * for commands that work on a stopped node's directory. {@link NodeRuntime#start} records it for
 * every node it runs.
 */
public final class NodeRole {

    static final String META_KEY = "root";

    private NodeRole() {
    }

    public static void record(NodeStore store, boolean root) {
        store.putMeta(META_KEY, Boolean.toString(root).getBytes(StandardCharsets.UTF_8)).join();
    }

    /**
     * Returns the recorded position. A directory without a record (written before nodes recorded
     * their role, or never run as a node) is not the root if a parent has acknowledged its events,
     * and is otherwise the root if its id has no {@code /}.
     */
    public static TreePosition read(NodeStore store) {
        byte[] value = store.meta(META_KEY);
        boolean root = value == null ? store.ackChain().levels().isEmpty() && !store.nodeId().contains("/")
                : Boolean.parseBoolean(new String(value, StandardCharsets.UTF_8));
        return new TreePosition(store.nodeId(), root);
    }
}
