package dev.tillsync.node.app;

import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.net.NodeServer;
import dev.tillsync.node.net.ParentConnector;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.sync.Purger;
import dev.tillsync.node.sync.Replicator;
import dev.tillsync.node.sync.SyncSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: its store, its replication, the server its children connect to and the
 * connector to its parent, and the purge schedule when a retention period is set.
 */
public final class NodeRuntime implements AutoCloseable {

    /**
     * How to run a node.
     *
     * @param listen     where children and observers connect, or null for a node without children
     * @param parent     the parent's address, or null for the root
     * @param salesSince yyyymmdd; a new node's snapshot leaves out sales and returns before it; 0 for none
     * @param retention  events older than this (and safe elsewhere) are purged every hour, or null
     */
    public record Config(String nodeId, Path dataDirectory, HostPort listen, HostPort parent, SyncSettings sync,
                         long maxDriftMillis, int salesSince, Duration retention, long backoffCapMillis) {

        public Config {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(sync, "sync");
        }

        public static Config of(String nodeId, Path dataDirectory, HostPort listen, HostPort parent) {
            return new Config(nodeId, dataDirectory, listen, parent, SyncSettings.defaults(), 5 * 60_000L, 0, null,
                    10_000);
        }

        public Config withBackoffCap(long millis) {
            return new Config(nodeId, dataDirectory, listen, parent, sync, maxDriftMillis, salesSince, retention,
                    millis);
        }

        public Config withRetention(Duration period) {
            return new Config(nodeId, dataDirectory, listen, parent, sync, maxDriftMillis, salesSince, period,
                    backoffCapMillis);
        }

        public Config withSalesSince(int yyyymmdd) {
            return new Config(nodeId, dataDirectory, listen, parent, sync, maxDriftMillis, yyyymmdd, retention,
                    backoffCapMillis);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    private final Config config;
    private final NodeStore store;
    private final Replicator replicator;
    private final PointOfSale pos;
    private final NodeServer server;
    private final ParentConnector connector;
    private final ScheduledExecutorService purges;

    private NodeRuntime(Config config, NodeStore store, Replicator replicator, NodeServer server,
                        ParentConnector connector) {
        this.config = config;
        this.store = store;
        this.replicator = replicator;
        this.pos = new PointOfSale(store, replicator.position(), Clock.systemDefaultZone());
        this.server = server;
        this.connector = connector;
        this.purges = config.retention() == null ? null : schedulePurges(config.retention());
    }

    /**
     * Opens the node's store and starts serving and connecting.
     *
     * @throws dev.tillsync.node.store.StoreException if the data directory is unusable
     * @throws dev.tillsync.node.net.BindFailedException if the listen address cannot be bound
     */
    public static NodeRuntime start(Config config, Transport transport) {
        NodeStore store = NodeStore.open(config.dataDirectory(),
                new NodeStore.Options(config.nodeId(), System::currentTimeMillis, config.maxDriftMillis(), true));
        NodeServer server = null;
        ParentConnector connector = null;
        try {
            TreePosition position = new TreePosition(store.nodeId(), config.parent() == null);
            NodeRole.record(store, position.root());
            Replicator replicator = new Replicator(store, position, config.sync());
            if (config.parent() != null) {
                replicator.parentAddress(config.parent().toString());
            }
            if (store.createdNow() && config.parent() != null) {
                replicator.requireBootstrap(config.salesSince());
            }
            if (config.listen() != null) {
                server = NodeServer.bind(transport, store.nodeId(), config.listen().host(), config.listen().port(),
                        replicator::inbound);
            }
            if (config.parent() != null) {
                String address = config.parent().toString();
                connector = new ParentConnector(transport, store.nodeId(), config.parent().host(),
                        config.parent().port(), (link, scheduler) -> replicator.outbound(link, scheduler, address),
                        100, config.backoffCapMillis());
                connector.start();
            }
            LOG.info("{}: node started ({}, data in {})", store.self(), position.root() ? "root" : "parent "
                    + config.parent(), store.location());
            return new NodeRuntime(config, store, replicator, server, connector);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            store.close();
            throw e;
        }
    }

    private ScheduledExecutorService schedulePurges(Duration retention) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tillsync-purge-" + store.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> purgeOlderThan(retention), 1, 60, TimeUnit.MINUTES);
        return executor;
    }

    private void purgeOlderThan(Duration retention) {
        try {
            LocalDate before = LocalDate.now().minusDays(Math.max(1, retention.toDays()));
            Purger.purge(store, replicator.position(), before);
        } catch (RuntimeException e) {
            LOG.warn("{}: scheduled purge failed", store.nodeId(), e);
        }
    }

    public String nodeId() {
        return store.nodeId();
    }

    public Config config() {
        return config;
    }

    public NodeStore store() {
        return store;
    }

    public Replicator replicator() {
        return replicator;
    }

    public PointOfSale pos() {
        return pos;
    }

    /** Returns the address children connect to, or null if the node does not listen. */
    public HostPort listenAddress() {
        return server == null ? null : HostPort.parse(server.hostAndPort());
    }

    public boolean parentConnected() {
        return replicator.parentConnected();
    }

    /** Stops connecting and serving, closes every link, then closes the store. */
    @Override
    public void close() {
        if (purges != null) {
            purges.shutdownNow();
        }
        if (connector != null) {
            connector.close();
        }
        if (server != null) {
            server.close();
        }
        replicator.close();
        store.close();
        LOG.info("{}: node stopped", store.nodeId());
    }
}
