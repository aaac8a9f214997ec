package dev.tillsync.node.chain.support;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.sync.SyncSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes of one test, each a full {@link NodeRuntime} in this JVM with its own RocksDB directory,
 * listening on 127.0.0.1 and sharing one Netty transport. {@link #close} stops whatever is still
 * running, children first. Not thread-safe: the test thread starts and stops nodes.
 */
public final class InProcessNodes implements AutoCloseable {

    /** Reconnection backoff cap of every node, short so that a healed link comes back quickly. */
    public static final long BACKOFF_CAP_MILLIS = 300;

    private final Path directory;
    private final SyncSettings settings;
    private final Transport transport;
    private final List<NodeRuntime> running = new ArrayList<>();

    public InProcessNodes(Path directory, SyncSettings settings) {
        this.directory = directory;
        this.settings = settings;
        this.transport = new Transport(0, settings.maxFrameBytes(), null, null);
    }

    public SyncSettings settings() {
        return settings;
    }

    public Transport transport() {
        return transport;
    }

    /** Returns the data directory a node gets by default: one folder per node id under the test's folder. */
    public Path dataOf(String nodeId) {
        return directory.resolve(NodeIds.folderName(nodeId));
    }

    /** Starts the root, {@code hq}. */
    public NodeRuntime startRoot() {
        return start("hq", dataOf("hq"), null, null);
    }

    /** Starts a node in its default data directory with {@code parent} as its parent. */
    public NodeRuntime start(String nodeId, NodeRuntime parent) {
        return start(nodeId, dataOf(nodeId), parent.listenAddress(), null);
    }

    /**
     * Starts a node.
     *
     * @param parent the parent's address (a node or a proxy in front of it), or null for the root
     * @param listen the address to listen on, or null for a free port on 127.0.0.1
     */
    public NodeRuntime start(String nodeId, Path data, HostPort parent, HostPort listen) {
        HostPort address = listen != null ? listen : new HostPort("127.0.0.1", 0);
        NodeRuntime.Config config = new NodeRuntime.Config(nodeId, data, address, parent, settings, 5 * 60_000L, 0,
                null, BACKOFF_CAP_MILLIS);
        NodeRuntime node = NodeRuntime.start(config, transport);
        running.add(node);
        return node;
    }

    /** Stops a node and starts it again on the same data directory, parent and port. */
    public NodeRuntime restart(NodeRuntime node) {
        HostPort listen = node.listenAddress();
        stop(node);
        return start(node.nodeId(), node.config().dataDirectory(), node.config().parent(), listen);
    }

    /** Stops a node: it closes its links and its store. */
    public void stop(NodeRuntime node) {
        if (running.remove(node)) {
            node.close();
        }
    }

    /** Stops every node still running, the last started first, then the transport. */
    @Override
    public void close() {
        try {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            running.clear();
        } finally {
            transport.close();
        }
    }
}
