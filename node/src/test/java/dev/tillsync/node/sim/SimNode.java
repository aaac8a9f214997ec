package dev.tillsync.node.sim;

import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.net.Backoff;
import dev.tillsync.node.net.Session;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.store.Kv;
import dev.tillsync.node.store.MemoryKv;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.sync.Replicator;
import dev.tillsync.node.sync.SyncSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One node of a simulated chain: a real {@link NodeStore} (in memory, written in the simulation's
 * thread), a real {@link Replicator} and {@link PointOfSale}, a clock offset from the simulation's
 * clock, and a connector that reconnects to the parent with backoff while the node is up.
 */
public final class SimNode {

    private final String nodeId;
    private final SimNode parent;
    private final SimNetwork network;
    private final SyncSettings settings;
    private final Function<String, Kv> storage;
    private final List<SimLink> links = new ArrayList<>();
    private Kv kv;
    private NodeStore store;
    private Replicator replicator;
    private PointOfSale pos;
    private long clockOffsetMillis;
    private boolean up;
    private Backoff backoff;
    private SimLink parentLink;
    private long generation;

    SimNode(String nodeId, SimNode parent, SimNetwork network, SyncSettings settings, Function<String, Kv> storage) {
        this.nodeId = nodeId;
        this.parent = parent;
        this.network = network;
        this.settings = settings;
        this.storage = storage;
        this.kv = storage.apply(nodeId);
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

    public PointOfSale pos() {
        return pos;
    }

    public boolean isUp() {
        return up;
    }

    public void clockOffset(long millis) {
        this.clockOffsetMillis = millis;
    }

    long wallClock() {
        return network.scheduler().currentTimeMillis() + clockOffsetMillis;
    }

    /** Opens the store and starts connecting to the parent. */
    public void start() {
        store = NodeStore.open(kv, new NodeStore.Options(nodeId, this::wallClock, settings.idleTimeoutMillis() * 20,
                false));
        TreePosition position = new TreePosition(nodeId, parent == null);
        replicator = new Replicator(store, position, settings);
        pos = new PointOfSale(store, position, Clock.fixed(Instant.ofEpochMilli(wallClock()), ZoneOffset.UTC));
        if (store.createdNow() && parent != null) {
            replicator.requireBootstrap(0);
        }
        up = true;
        generation++;
        backoff = new Backoff(50, 2_000, network.random());
        if (parent != null) {
            long current = generation;
            network.scheduler().execute(() -> connect(current));
        }
    }

    /** Returns the point of sale with its clock set to the simulation's current time. */
    public PointOfSale posNow() {
        pos = new PointOfSale(store, replicator.position(),
                Clock.fixed(Instant.ofEpochMilli(wallClock()), ZoneOffset.UTC));
        return pos;
    }

    private void connect(long startedGeneration) {
        if (!up || generation != startedGeneration || (parentLink != null && parentLink.isOpen())) {
            return;
        }
        SimLink[] pair = parent.up ? network.connect(nodeId, parent.nodeId) : null;
        if (pair == null) {
            retryLater(startedGeneration);
            return;
        }
        Session outbound = replicator.outbound(pair[0], network.scheduler(), parent.nodeId);
        Session inbound = parent.replicator.inbound(pair[1], network.scheduler());
        pair[0].attach(new Watched(outbound, () -> retryLater(startedGeneration)));
        pair[1].attach(inbound);
        parentLink = pair[0];
        links.add(pair[0]);
        parent.links.add(pair[1]);
        inbound.onOpen();
        outbound.onOpen();
        backoff.reset();
    }

    private void retryLater(long startedGeneration) {
        if (up && generation == startedGeneration) {
            network.scheduler().schedule(backoff.nextDelayMillis(), () -> connect(startedGeneration));
        }
    }

    /** Cuts every link of this node, as a failed network card would. */
    public void cutLinks() {
        for (SimLink link : new ArrayList<>(links)) {
            link.cut();
        }
        links.clear();
    }

    /** Stops the node at once: links cut, store closed without any orderly shutdown. */
    public void crash() {
        if (!up) {
            return;
        }
        up = false;
        generation++;
        cutLinks();
        replicator.close();
        store.close();
        if (kv instanceof MemoryKv memory) {
            kv = memory.reopen();
        } else {
            kv = storage.apply(nodeId);
        }
    }

    /** A session wrapper that starts reconnecting once the link closes. */
    private record Watched(Session session, Runnable whenClosed) implements Session {
        @Override
        public void onOpen() {
            session.onOpen();
        }

        @Override
        public void onFrame(dev.tillsync.proto.v1.FrameProto frame) {
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
        public dev.tillsync.node.net.LinkStats stats() {
            return session.stats();
        }
    }
}
