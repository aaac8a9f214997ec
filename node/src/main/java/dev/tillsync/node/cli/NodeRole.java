package dev.tillsync.node.cli;

import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.NodeStore;
import java.nio.charset.StandardCharsets;

/**
 * Whether the node of a data directory ran as the root of its chain, as recorded at its last start,
 * for commands that work on a stopped node's directory.
 */
final class NodeRole {

    static final String META_KEY = "root";

    private NodeRole() {
    }

    static void record(NodeStore store, boolean root) {
        store.putMeta(META_KEY, Boolean.toString(root).getBytes(StandardCharsets.UTF_8)).join();
    }

    /** Returns the recorded position; a directory that never ran as a node counts as a root if its id has no /. */
    static TreePosition read(NodeStore store) {
        byte[] value = store.meta(META_KEY);
        boolean root = value == null ? !store.nodeId().contains("/")
                : Boolean.parseBoolean(new String(value, StandardCharsets.UTF_8));
        return new TreePosition(store.nodeId(), root);
    }
}
