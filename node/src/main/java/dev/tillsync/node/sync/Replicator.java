package dev.tillsync.node.sync;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.net.LinkStats;
import dev.tillsync.node.net.Link;
import dev.tillsync.node.net.Scheduler;
import dev.tillsync.node.net.Session;
import dev.tillsync.node.store.AckChain;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StoredEvent;
import dev.tillsync.proto.v1.AncestorAckProto;
import dev.tillsync.proto.v1.ChildStatusProto;
import dev.tillsync.proto.v1.NodeStatusProto;
import dev.tillsync.proto.v1.ScopeDigestProto;
import dev.tillsync.proto.v1.SnapshotRequestProto;
import dev.tillsync.proto.v1.StatusTableProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication of one node: its link to its parent, the links of its children, the table of its
 * children, snapshots it serves, bootstrap progress and the acknowledgements of its ancestors.
 * Transports create sessions through {@link #inbound} and {@link #outbound}. Thread-safe.
 */
public final class Replicator implements AutoCloseable {

    /** A change of a link: connected or lost, to the parent or to a child. */
    public record LinkChange(String nodeId, String peerNodeId, boolean parent, boolean connected, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
    /** The metadata record of an unfinished bootstrap; present from its start to its last chunk. */
    static final String BOOTSTRAP = "bootstrap";

    private final NodeStore store;
    private final TreePosition position;
    private final SyncSettings settings;
    private final ChildRegistry children;
    private final SnapshotServer snapshots;
    private final List<Consumer<LinkChange>> linkListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lastSaleMillis = new AtomicLong();
    private volatile ParentSession parentSession;
    private volatile String parentAddress = "";
    private volatile boolean parentConnected;
    private volatile boolean parentEverConnected;
    private volatile AckChain ackChain;
    private final LinkStats totals = new LinkStats();
    private volatile boolean closed;

    public Replicator(NodeStore store, TreePosition position, SyncSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.position = Objects.requireNonNull(position, "position");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.children = new ChildRegistry(settings.maxChildren());
        this.snapshots = new SnapshotServer(store, position, settings.snapshotChunkItems());
        this.ackChain = store.ackChain();
        store.addListener(this::onNewEvents);
        lastSaleMillis.accumulateAndGet(store.reader().latestSaleMillis(), Math::max);
    }

    public NodeStore store() {
        return store;
    }

    public TreePosition position() {
        return position;
    }

    public SyncSettings settings() {
        return settings;
    }

    /** Returns a session for a link a peer opened to this node: a child or an observer. */
    public Session inbound(Link link, Scheduler scheduler) {
        return new InboundSession(this, link, scheduler);
    }

    /** Returns the session of this node's link to its parent, which it opened. */
    public Session outbound(Link link, Scheduler scheduler, String address) {
        ParentSession session = new ParentSession(this, link, scheduler);
        parentSession = session;
        parentAddress = address;
        return session;
    }

    /** Records the configured address of the parent, shown by the status before the first connection. */
    public void parentAddress(String address) {
        parentAddress = Objects.requireNonNull(address, "address");
    }

    /** Registers a listener told of every link connected or lost. */
    public void addLinkListener(Consumer<LinkChange> listener) {
        linkListeners.add(listener);
    }

    void linkChanged(String peerNodeId, boolean parent, boolean connected, String reason) {
        if (parent) {
            parentConnected = connected;
            parentEverConnected |= connected;
        }
        LinkChange change = new LinkChange(position.nodeId(), peerNodeId, parent, connected, reason);
        for (Consumer<LinkChange> listener : linkListeners) {
            listener.accept(change);
        }
    }

    /** Returns the bytes and events of every link of this node since it started. */
    public LinkStats totals() {
        return totals;
    }

    LinkStats newLinkStats() {
        return new LinkStats(totals);
    }

    boolean isClosed() {
        return closed;
    }

    public boolean parentConnected() {
        return parentConnected;
    }

    ChildRegistry children() {
        return children;
    }

    SnapshotServer snapshots() {
        return snapshots;
    }

    /**
     * Closes a child's link and refuses its new links for {@code millis}: cuts the link for real,
     * as the demo does halfway.
     */
    public void suspendChild(String childId, long millis, long nowMillis) {
        InboundSession live = children.suspend(childId, nowMillis + millis);
        if (live != null) {
            live.suspend();
        }
    }

    /** Lets a suspended child connect again at once. */
    public void resumeChild(String childId, long nowMillis) {
        children.suspend(childId, nowMillis);
    }

    /** Returns the table of this node's children. */
    public List<ChildStatusProto> childTable() {
        return children.table();
    }

    private void onNewEvents(List<Event> events) {
        for (Event event : events) {
            if (event.body() instanceof EventBody.SaleCompleted sale) {
                lastSaleMillis.accumulateAndGet(sale.completedAtMillis(), Math::max);
            }
        }
        ParentSession parent = parentSession;
        if (parent != null) {
            parent.requestPump();
        }
        for (InboundSession child : children.sessions()) {
            child.requestPump();
        }
    }

    // bootstrap progress, persisted so that an interrupted bootstrap resumes

    /** Returns true if this node must take a snapshot from its parent before it syncs events. */
    public boolean needsBootstrap() {
        return store.meta(BOOTSTRAP) != null;
    }

    /** Marks that this node must take a snapshot from its parent at its next connection. */
    public void requireBootstrap(int salesSince) {
        if (!needsBootstrap()) {
            store.putMeta(BOOTSTRAP, SnapshotRequestProto.newBuilder().setSalesSince(salesSince).build()
                    .toByteArray()).join();
        }
    }

    SnapshotRequestProto bootstrapProgress() {
        byte[] bytes = store.meta(BOOTSTRAP);
        try {
            return bytes == null ? SnapshotRequestProto.getDefaultInstance() : SnapshotRequestProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("{}: stored bootstrap progress is unreadable; starting the snapshot again", position.nodeId(), e);
            return SnapshotRequestProto.getDefaultInstance();
        }
    }

    void saveBootstrapProgress(SnapshotRequestProto progress) {
        store.putMeta(BOOTSTRAP, progress.toByteArray());
    }

    void finishBootstrap() {
        store.putMeta(BOOTSTRAP, null);
    }

    // acknowledgements of the ancestors

    /** Returns what this node's ancestors acknowledged, nearest first. */
    public AckChain ackChain() {
        return ackChain;
    }

    /** Takes in the chain a parent sent: the parent's own level first, then its ancestors. */
    void updateAckChain(List<AncestorAckProto> ancestors) {
        replaceAckChain(AckChain.fromProto(dev.tillsync.proto.v1.AckProto.newBuilder()
                .addAllAncestors(ancestors).build()));
    }

    /**
     * Takes in the chain of an acknowledgement on the link the parent's welcome opened. On one link
     * the parent only gains events, so its own level keeps the greater of what it had and what
     * arrives: an acknowledgement overtaken by a later one must not make acknowledged events look
     * unacknowledged again. The levels above are taken as they come, so that a root restored from
     * a backup never looks as if it still had events it lost.
     */
    void mergeAckChain(List<AncestorAckProto> ancestors) {
        AckChain received = AckChain.fromProto(dev.tillsync.proto.v1.AckProto.newBuilder()
                .addAllAncestors(ancestors).build());
        AckChain current = ackChain;
        if (!received.levels().isEmpty() && !current.levels().isEmpty()
                && received.levels().get(0).nodeId().equals(current.levels().get(0).nodeId())) {
            List<AckChain.Level> levels = new ArrayList<>(received.levels());
            levels.set(0, new AckChain.Level(received.levels().get(0).nodeId(),
                    current.parent().merge(received.parent())));
            received = new AckChain(levels);
        }
        replaceAckChain(received);
    }

    private void replaceAckChain(AckChain updated) {
        if (updated.equals(ackChain)) {
            return;
        }
        ackChain = updated;
        store.putAckChain(updated);
        for (InboundSession child : children.sessions()) {
            child.requestAckRefresh();
        }
    }

    /** Returns the chain a child receives: this node's level, then this node's ancestors, for its subtree. */
    List<AncestorAckProto> ancestorsFor(String childId) {
        List<AncestorAckProto> levels = new ArrayList<>();
        levels.add(AncestorAckProto.newBuilder().setNodeId(position.nodeId())
                .setVector(CrdtProtoMapper.toProto(subtreeVector(store.vector(), childId))).build());
        for (AckChain.Level level : ackChain.levels()) {
            levels.add(AncestorAckProto.newBuilder().setNodeId(level.nodeId())
                    .setVector(CrdtProtoMapper.toProto(subtreeVector(level.vector(), childId))).build());
        }
        return levels;
    }

    static VersionVector subtreeVector(VersionVector vector, String nodeId) {
        return vector.restrict(replica -> NodeIds.isInSubtree(replica.nodeId(), nodeId));
    }

    /**
     * Returns true if this node may accept that a child purged events of {@code origin} above
     * {@code known} before they reached it. A child purges only what the root acknowledged, so the
     * root still has those events and sends them down, unless it lost them too (it was restored
     * from an older backup): a node other than the root waits for them, and accepts the gap only
     * while connected to its parent and told that the root has none of them either.
     */
    boolean mayAcceptPurgeGap(ReplicaId origin, long known) {
        return position.root() || (parentConnected && ackChain.root().get(origin) <= known);
    }

    /**
     * Takes a new incarnation if a peer holds more events of this node's replica than this node:
     * this node then runs from an older copy of its data and must not issue those dots again.
     */
    void checkOwnStaleness(VersionVector peerVector, String peer) {
        ReplicaId self = store.self();
        long theirs = peerVector.get(self);
        long ours = store.vector().get(self);
        if (theirs > ours) {
            store.renewIncarnation(peer + " holds events of " + self + " up to " + theirs + " but this node only up to "
                    + ours + ": this node runs from an older copy of its data").join();
        }
    }

    // status

    /** Returns this node's own sync state, as reported to its parent and to observers. */
    public NodeStatusProto status(long nowMillis) {
        VersionVector vector = store.vector();
        AckChain acks = ackChain;
        long local = 0;
        long atParent = 0;
        long atRoot = 0;
        long unacknowledged = 0;
        long oldest = 0;
        for (Map.Entry<ReplicaId, Long> entry : vector.counters().entrySet()) {
            ReplicaId replica = entry.getKey();
            if (!position.hasInSubtree(replica.nodeId())) {
                continue;
            }
            long have = entry.getValue();
            long parentHas = Math.min(have, acks.parent().get(replica));
            local += have;
            atParent += parentHas;
            atRoot += Math.min(have, acks.root().get(replica));
            if (have > parentHas && !position.root()) {
                unacknowledged += have - parentHas;
                oldest = minPositive(oldest, creationMillis(replica, parentHas));
            }
        }
        return NodeStatusProto.newBuilder()
                .setNodeId(position.nodeId())
                .setReplica(CrdtProtoMapper.toProto(store.self()))
                .setUnacknowledgedEvents(unacknowledged)
                .setOldestUnacknowledgedMillis(oldest)
                .setLastSaleMillis(lastSaleMillis.get())
                .addAllDigests(digests())
                .setParentAddress(parentAddress)
                .setParentConnected(parentConnected)
                .setParentEverConnected(parentEverConnected)
                .setEventsDurableLocally(local)
                .setEventsDurableAtParent(position.root() ? local : atParent)
                .setEventsDurableAtRoot(position.root() ? local : atRoot)
                .setClock(CrdtProtoMapper.toProto(store.clock().last()))
                .build();
    }

    private long creationMillis(ReplicaId replica, long acked) {
        List<StoredEvent> first = store.reader().readEvents(replica, acked, 1, Long.MAX_VALUE);
        return first.isEmpty() ? 0 : EventProtoMapper.parse(first.get(0).bytes()).timestamp().wallMillis();
    }

    private static long minPositive(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    /** Returns the scopes this node holds state of. */
    public List<Scope> scopes() {
        List<Scope> scopes = new ArrayList<>();
        scopes.add(Scope.chain());
        if (position.root()) {
            for (String storeId : store.reader().storeIds()) {
                scopes.add(Scope.store(storeId));
            }
            for (Scope scope : store.reader().registerScopes()) {
                if (!scopes.contains(scope)) {
                    scopes.add(scope);
                }
            }
        } else {
            scopes.add(Scope.store(position.storeId()));
        }
        return scopes;
    }

    /** Returns the digest of this node's state in each of its scopes. */
    public List<ScopeDigestProto> digests() {
        List<ScopeDigestProto> digests = new ArrayList<>();
        for (Scope scope : scopes()) {
            digests.add(ScopeDigestProto.newBuilder().setScope(scope.toString())
                    .setSha256(ByteString.copyFrom(store.reader().digest(scope))).build());
        }
        return digests;
    }

    /** Returns true if every digest a child reported equals this node's digest of that scope. */
    boolean digestsMatch(NodeStatusProto childStatus) {
        for (ScopeDigestProto digest : childStatus.getDigestsList()) {
            Scope scope;
            try {
                scope = Scope.parse(digest.getScope());
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (!Arrays.equals(store.reader().digest(scope), digest.getSha256().toByteArray())) {
                return false;
            }
        }
        return childStatus.getDigestsCount() > 0;
    }

    /** Returns this node's status and the table of its children. */
    public StatusTableProto statusTable(long nowMillis) {
        return StatusTableProto.newBuilder().setSelf(status(nowMillis)).addAllChildren(children.table()).build();
    }

    /** Stops serving snapshots; sessions still open stop working. Close the transport's links first. */
    @Override
    public void close() {
        closed = true;
        snapshots.close();
    }
}
