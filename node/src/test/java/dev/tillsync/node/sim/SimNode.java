package dev.tillsync.node.sim;

import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.net.Backoff;
import dev.tillsync.node.net.LinkStats;
import dev.tillsync.node.net.Session;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.sync.Replicator;
import dev.tillsync.node.sync.SnapshotFiles;
import dev.tillsync.node.sync.SyncSettings;
import dev.tillsync.proto.v1.FrameProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One node of a simulated chain: a real {@link NodeStore} written in the simulation's thread, a
 * real {@link Replicator} and {@link PointOfSale}, a clock offset from the simulation's clock, and
 * a connector that reconnects to the parent with backoff while the node is up. A crash stops the
 * node's process at once and reopens the same data at the next start.
 */
public final class SimNode {

    /** How every node of one simulated chain opens its store and syncs. */
    record Environment(SimNetwork network, SyncSettings settings, long maxDriftMillis, Random identities) {
    }

    private final String nodeId;
    private final SimNode parent;
    private final Environment environment;
    private final List<SimLink> links = new ArrayList<>();
    private SimStorage storage;
    private NodeStore store;
    private Replicator replicator;
    private SimScheduler.Process process;
    private Backoff backoff;
    private SimLink parentLink;
    private long clockOffsetMillis;
    private boolean up;
    private int connections;

    SimNode(String nodeId, SimNode parent, Environment environment, SimStorage storage) {
        this.nodeId = nodeId;
        this.parent = parent;
        this.environment = environment;
        this.storage = storage;
    }

    public String nodeId() {
        return nodeId;
    }

    public SimNode parent() {
        return parent;
    }

    public NodeStore store() {
        return store;
    }

    public Replicator replicator() {
        return replicator;
    }

    public TreePosition position() {
        return new TreePosition(nodeId, parent == null);
    }

    public boolean isUp() {
        return up;
    }

    SimStorage storage() {
        return storage;
    }

    public void clockOffset(long millis) {
        this.clockOffsetMillis = millis;
    }

    public long clockOffset() {
        return clockOffsetMillis;
    }

    long wallClock() {
        return environment.network().scheduler().currentTimeMillis() + clockOffsetMillis;
    }

    /** Opens the store and starts connecting to the parent; a new node first takes a snapshot. */
    public void start() {
        store = storage.open(options());
        startReplication(true);
    }

    private NodeStore.Options options() {
        return new NodeStore.Options(nodeId, this::wallClock, environment.maxDriftMillis(), false,
                environment.identities());
    }

    private void startReplication(boolean bootstrapIfNew) {
        replicator = new Replicator(store, position(), environment.settings());
        if (bootstrapIfNew && store.createdNow() && parent != null) {
            replicator.requireBootstrap(0);
        }
        up = true;
        process = environment.network().scheduler().process(() -> clockOffsetMillis);
        backoff = new Backoff(50, 2_000, environment.network().random());
        replicator.addLinkListener(change -> {
            if (change.parent() && change.connected()) {
                backoff.reset();
            }
        });
        if (parent != null) {
            process.execute(this::connect);
        }
    }

    /** Returns a point of sale whose clock reads this node's wall clock now. */
    public PointOfSale posNow() {
        return new PointOfSale(store, replicator.position(),
                Clock.fixed(Instant.ofEpochMilli(wallClock()), ZoneOffset.UTC));
    }

    private void connect() {
        if (!up || (parentLink != null && parentLink.isOpen())) {
            return;
        }
        SimNetwork network = environment.network();
        SimLink[] pair = parent.up ? network.connect(this, process, parent, parent.process) : null;
        if (pair == null) {
            retryLater();
            return;
        }
        Session outbound = replicator.outbound(pair[0], process, parent.nodeId);
        Session inbound = parent.replicator.inbound(pair[1], parent.process);
        pair[0].attach(new Watched(outbound, this::retryLater));
        pair[1].attach(inbound);
        parentLink = pair[0];
        connections++;
        links.removeIf(link -> !link.isOpen());
        links.add(pair[0]);
        parent.links.removeIf(link -> !link.isOpen());
        parent.links.add(pair[1]);
        parent.process.execute(inbound::onOpen);
        process.execute(outbound::onOpen);
    }

    private void retryLater() {
        if (up) {
            process.schedule(backoff.nextDelayMillis(), this::connect);
        }
    }

    /** Returns the number of connections this node opened to its parent. */
    public int connections() {
        return connections;
    }

    /** Returns true if this node's link to its parent is open and past the handshake. */
    public boolean parentConnected() {
        return up && replicator.parentConnected() && parentLink != null && parentLink.isOpen();
    }

    /** Resets every link of this node, as a failed network card would. */
    public void cutLinks() {
        for (SimLink link : new ArrayList<>(links)) {
            link.cut();
        }
        links.clear();
    }

    /**
     * Stops the node at once: its process runs nothing more and its store is closed without any
     * orderly shutdown. On a power loss the peers get no close and unsynced writes are lost.
     */
    public void crash(boolean powerLoss) {
        if (!up) {
            return;
        }
        up = false;
        process.stop();
        for (SimLink link : links) {
            link.crash(powerLoss);
        }
        links.clear();
        parentLink = null;
        replicator.close();
        store.close();
        storage.closed(powerLoss);
    }

    /** Writes a backup of this node's whole store to {@code file}. */
    public void backup(Path file) {
        try {
            SnapshotFiles.export(store, position(), nodeId, 0, environment.settings().snapshotChunkItems(), file,
                    wallClock());
        } catch (IOException e) {
            throw new UncheckedIOException("backup of " + nodeId + " to " + file + " failed", e);
        }
    }

    /**
     * Replaces this node's data by a backup: crashes it if it is up, wipes its storage, restores
     * the file (which takes a new incarnation) and starts it again.
     */
    public void restore(Path file) {
        crash(false);
        storage.wipe();
        store = storage.open(options());
        try {
            SnapshotFiles.restore(file, store);
        } catch (IOException e) {
            throw new UncheckedIOException("restore of " + nodeId + " from " + file + " failed", e);
        }
        startReplication(false);
    }

    /**
     * Starts a second node with this node's id on a copy of its data, as an operator who copies a
     * till's data directory does. A RocksDB copy is a copied directory, which the store recognises
     * as moved and so gives a new incarnation. A copy in memory has no directory, so it takes the
     * path of a restore: a backup of this node restored into fresh memory.
     */
    SimNode startCopy(SimStorage emptyMemory, Path file, String copyName) {
        SimNode copy;
        if (storage.inMemory()) {
            backup(file);
            copy = new SimNode(nodeId, parent, environment, emptyMemory);
            copy.restore(file);
        } else {
            crash(false);
            copy = new SimNode(nodeId, parent, environment, storage.copy(copyName));
            start();
            copy.start();
        }
        return copy;
    }

    /** A session wrapper that starts reconnecting once the link closes. */
    private record Watched(Session session, Runnable whenClosed) implements Session {
        @Override
        public void onOpen() {
            session.onOpen();
        }

        @Override
        public void onFrame(FrameProto frame) {
            session.onFrame(frame);
        }

        @Override
        public void onWritable() {
            session.onWritable();
        }

        @Override
        public void onClosed() {
            session.onClosed();
            whenClosed.run();
        }

        @Override
        public LinkStats stats() {
            return session.stats();
        }
    }

    @Override
    public String toString() {
        return nodeId;
    }
}
