package dev.tillsync.node.sync;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.MalformedMessageException;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.net.Link;
import dev.tillsync.node.net.LinkStats;
import dev.tillsync.node.net.Scheduler;
import dev.tillsync.node.net.Session;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.proto.v1.AckProto;
import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.EventBatchProto;
import dev.tillsync.proto.v1.EventRangeProto;
import dev.tillsync.proto.v1.FrameProto;
import dev.tillsync.proto.v1.HelloProto;
import dev.tillsync.proto.v1.PeerRole;
import dev.tillsync.proto.v1.WelcomeProto;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parent's side of a link a peer opened: a child that replicates with this node, or an
 * observer that reads status. For a child it streams down the events of the child's scopes the
 * child lacks, applies and acknowledges the events the child sends up, serves snapshots and keeps
 * the child's row of the children table.
 */
final class InboundSession implements Session {

    private enum State { AWAIT_HELLO, OBSERVER, CHILD, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(InboundSession.class);

    private final Replicator node;
    private final NodeStore store;
    private final Link link;
    private final Scheduler scheduler;
    private final SyncSettings settings;
    private final LinkStats stats;
    private final AtomicBoolean pumpRequested = new AtomicBoolean();
    private final AtomicBoolean ackRefreshRequested = new AtomicBoolean();
    private State state = State.AWAIT_HELLO;
    private String childId = "?";
    private boolean admitted;
    private EventStreamer downstream;
    private BatchReceiver upstream;
    private Scheduler.Cancellable tick;
    private final LinkTimers timers;

    InboundSession(Replicator node, Link link, Scheduler scheduler) {
        this.node = node;
        this.store = node.store();
        this.link = link;
        this.scheduler = scheduler;
        this.settings = node.settings();
        this.stats = node.newLinkStats();
        this.timers = new LinkTimers(settings);
    }

    private String name() {
        return node.position().nodeId() + " <- " + childId;
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

    @Override
    public void onOpen() {
        timers.opened(now());
        scheduleTick();
    }

    @Override
    public void onFrame(FrameProto frame) {
        if (state == State.CLOSED) {
            return;
        }
        timers.received(now());
        try {
            dispatch(frame);
        } catch (MalformedMessageException | IllegalArgumentException e) {
            reject(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "malformed " + frame.getKindCase() + ": " + e.getMessage());
        } catch (BatchReceiver.RejectedBatchException e) {
            reject(e.code(), e.getMessage());
        }
    }

    private void dispatch(FrameProto frame) throws BatchReceiver.RejectedBatchException {
        switch (frame.getKindCase()) {
            case HELLO -> onHello(frame.getHello());
            case STATUS_REQUEST -> {
                if (requireState(frame, State.OBSERVER, State.CHILD)) {
                    send(FrameProto.newBuilder().setStatusTable(node.statusTable(now())).build());
                }
            }
            case EVENT_BATCH -> {
                if (requireState(frame, State.CHILD)) {
                    requireOwnRuns(frame.getEventBatch());
                    upstream.onBatch(frame.getEventBatch(), frame.getSerializedSize());
                }
            }
            case ACK -> {
                if (requireState(frame, State.CHILD)) {
                    onAck(frame.getAck());
                }
            }
            case SNAPSHOT_REQUEST -> {
                if (requireState(frame, State.CHILD)) {
                    send(FrameProto.newBuilder().setSnapshotChunk(
                            node.snapshots().chunk(childId, frame.getSnapshotRequest(), now())).build());
                }
            }
            case STATUS_REPORT -> {
                if (requireState(frame, State.CHILD)) {
                    node.children().status(childId, frame.getStatusReport().getStatus(),
                            node.digestsMatch(frame.getStatusReport().getStatus()), now());
                }
            }
            case HEARTBEAT -> node.children().seen(childId, now());
            case ERROR -> {
                LOG.warn("{}: peer closes the link: {} {}", name(), frame.getError().getCode(),
                        frame.getError().getMessage());
                closeQuietly();
            }
            default -> reject(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "unexpected " + frame.getKindCase()
                    + " from a peer in state " + state);
        }
    }

    /**
     * Rejects a batch with a run of a replica outside the child's subtree. A run moves this node's
     * vector even when it carries no event, so checking its events alone is not enough.
     */
    private void requireOwnRuns(EventBatchProto batch) throws BatchReceiver.RejectedBatchException {
        for (EventRangeProto range : batch.getRangesList()) {
            String violation = Routing.checkRunFromChild(childId, CrdtProtoMapper.fromProto(range.getOrigin()));
            if (violation != null) {
                throw new BatchReceiver.RejectedBatchException(ErrorCode.ERROR_CODE_OUT_OF_SCOPE, violation, null);
            }
        }
    }

    private boolean requireState(FrameProto frame, State... allowed) {
        for (State s : allowed) {
            if (state == s) {
                return true;
            }
        }
        reject(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, frame.getKindCase() + " before the handshake completed");
        return false;
    }

    private void onHello(HelloProto hello) {
        if (state != State.AWAIT_HELLO) {
            reject(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "a second hello on one link");
            return;
        }
        if (hello.hasReplica() && !hello.getReplica().getNodeId().isEmpty()) {
            childId = CrdtProtoMapper.abbreviatedNodeId(hello.getReplica());
        }
        String versionProblem = Protocol.checkVersion(hello.getVersion());
        if (versionProblem != null) {
            reject(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, versionProblem);
            return;
        }
        if (hello.getRole() == PeerRole.PEER_ROLE_OBSERVER) {
            state = State.OBSERVER;
            childId = "observer " + link.remoteAddress();
            send(FrameProto.newBuilder().setWelcome(welcome(VersionVector.empty(), "")).build());
            return;
        }
        if (hello.getRole() != PeerRole.PEER_ROLE_CHILD) {
            reject(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "unknown peer role " + hello.getRoleValue());
            return;
        }
        admitChild(hello);
    }

    private void admitChild(HelloProto hello) {
        ReplicaId replica = CrdtProtoMapper.fromProto(hello.getReplica());
        childId = replica.nodeId();
        String refusal = refusal(replica, hello);
        if (refusal != null) {
            return;
        }
        InboundSession[] replaced = new InboundSession[1];
        ChildRegistry.Admission admission = node.children().admit(childId, replica, this, now(), replaced);
        if (admission == ChildRegistry.Admission.DUPLICATE_IDENTITY) {
            LOG.warn("{}: refused {}: {} is already connected with another incarnation (a copied data directory?)",
                    name(), replica, childId);
            reject(ErrorCode.ERROR_CODE_DUPLICATE_IDENTITY, "node id " + childId + " is already connected with another"
                    + " incarnation; this node (" + replica + ") was refused: do not run two copies of one node");
            return;
        }
        if (admission == ChildRegistry.Admission.TOO_MANY_CHILDREN) {
            reject(ErrorCode.ERROR_CODE_NOT_A_CHILD, "this node already has " + settings.maxChildren() + " children");
            return;
        }
        admitted = true;
        if (replaced[0] != null) {
            replaced[0].scheduler.execute(replaced[0]::closeReplaced);
        }
        VersionVector childHas = CrdtProtoMapper.fromProto(hello.getVector());
        node.checkOwnStaleness(childHas, childId);
        noteRestoredChild(replica, childHas);
        if (!hello.getNeedsSnapshot() && lacksPurgedEvents(childHas)) {
            reject(ErrorCode.ERROR_CODE_SNAPSHOT_REQUIRED, "events " + childId + " lacks were purged here: take a "
                    + "snapshot first");
            return;
        }
        startChild(hello, replica, childHas);
    }

    /** Returns the reason a child's hello is refused (after closing the link), or null. */
    private String refusal(ReplicaId replica, HelloProto hello) {
        if (!isChild(node.position(), childId)) {
            String reason = childId + " is not a child of " + node.position().nodeId() + " (expected: "
                    + expectedChildren(node.position()) + ")";
            reject(ErrorCode.ERROR_CODE_NOT_A_CHILD, reason);
            return reason;
        }
        Timestamp theirs = CrdtProtoMapper.fromProto(hello.getClock());
        long skew = Math.abs(theirs.wallMillis() - now());
        if (skew > store.clock().maxDriftMillis()) {
            String reason = "clocks differ by " + skew + " ms (expected: at most " + store.clock().maxDriftMillis()
                    + " ms); set the clock of " + childId + " or of " + node.position().nodeId();
            LOG.warn("{}: refused {}: {}", name(), replica, reason);
            reject(ErrorCode.ERROR_CODE_CLOCK_SKEW, reason);
            return reason;
        }
        if (node.children().isSuspended(childId, now())) {
            String reason = "link of " + childId + " is suspended for a while";
            reject(ErrorCode.ERROR_CODE_LINK_SUSPENDED, reason);
            return reason;
        }
        return null;
    }

    private static String expectedChildren(TreePosition parent) {
        if (parent.root()) {
            return "a store id without /, other than " + NodeIds.ROOT_ID;
        }
        return parent.nodeId().contains("/") ? "no child: a till has no children" : parent.nodeId() + "/<till>";
    }

    static boolean isChild(TreePosition parent, String childId) {
        if (!NodeIds.isValid(childId) || childId.equals(parent.nodeId())) {
            return false;
        }
        if (parent.root()) {
            return NodeIds.isValidStore(childId);
        }
        if (parent.nodeId().contains("/")) {
            return false;
        }
        return NodeIds.parentOf(childId).map(parent.nodeId()::equals).orElse(false);
    }

    private void noteRestoredChild(ReplicaId replica, VersionVector childHas) {
        long ours = store.vector().get(replica);
        long theirs = childHas.get(replica);
        if (theirs < ours) {
            LOG.warn("{}: {} has {} of its own events but this node has {}: it runs from an older copy; sending "
                    + "the missing ones back", name(), replica, theirs, ours);
        }
    }

    private boolean lacksPurgedEvents(VersionVector childHas) {
        for (Map.Entry<ReplicaId, Long> floor : store.floors().counters().entrySet()) {
            boolean concerns = Routing.mayConcernChild(node.position(), childId, floor.getKey());
            if (concerns && childHas.get(floor.getKey()) < floor.getValue()) {
                return true;
            }
        }
        return false;
    }

    private void startChild(HelloProto hello, ReplicaId replica, VersionVector childHas) {
        state = State.CHILD;
        String id = childId;
        downstream = new EventStreamer(name(), store, link, settings, stats,
                origin -> Routing.mayConcernChild(node.position(), id, origin),
                event -> Routing.forChild(id, event), false);
        upstream = new BatchReceiver(name(), store, link, scheduler, settings, stats,
                (origin, scope) -> Routing.checkFromChild(id, origin, scope), this::ack, downstream::notePeerHas);
        upstream.acceptPurgeGapsWhen(node::mayAcceptPurgeGap);
        send(FrameProto.newBuilder().setWelcome(welcome(Replicator.subtreeVector(store.vector(), childId),
                childId)).build());
        if (!hello.getNeedsSnapshot()) {
            downstream.start(childHas);
            pump();
        }
        LOG.info("{}: child {} connected from {} (epoch {}{})", name(), replica, link.remoteAddress(),
                Long.toHexString(hello.getEpoch()), hello.getNeedsSnapshot() ? ", taking a snapshot" : "");
        node.linkChanged(childId, false, true, "connected");
    }

    private WelcomeProto welcome(VersionVector vector, String forChild) {
        WelcomeProto.Builder welcome = WelcomeProto.newBuilder()
                .setVersion(Protocol.VERSION)
                .setReplica(CrdtProtoMapper.toProto(store.self()))
                .setEpoch(store.epoch())
                .setClock(CrdtProtoMapper.toProto(store.wallClock()))
                .setVector(CrdtProtoMapper.toProto(vector));
        if (!forChild.isEmpty()) {
            welcome.addAllAncestors(node.ancestorsFor(forChild));
        }
        return welcome.build();
    }

    private AckProto.Builder ack() {
        return AckProto.newBuilder()
                .setVector(CrdtProtoMapper.toProto(Replicator.subtreeVector(store.vector(), childId)))
                .addAllAncestors(node.ancestorsFor(childId));
    }

    private void onAck(AckProto ack) {
        VersionVector childHas = CrdtProtoMapper.fromProto(ack.getVector());
        if (!downstream.isActive()) {
            if (lacksPurgedEvents(childHas)) {
                reject(ErrorCode.ERROR_CODE_SNAPSHOT_REQUIRED, "events " + childId + " lacks were purged here");
                return;
            }
            downstream.start(childHas);
        } else {
            downstream.onAck(childHas, ack.getBatchSequence(), now());
        }
        pump();
    }

    /** Asks the session, from any thread, to send what is new. */
    void requestPump() {
        if (pumpRequested.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                pumpRequested.set(false);
                pump();
            });
        }
    }

    /** Asks the session, from any thread, to send the child a fresh acknowledgement chain. */
    void requestAckRefresh() {
        if (ackRefreshRequested.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                ackRefreshRequested.set(false);
                if (state == State.CHILD) {
                    send(FrameProto.newBuilder().setAck(ack()).build());
                }
            });
        }
    }

    private void pump() {
        if (node.isClosed()) {
            return;
        }
        if (state != State.CHILD || downstream == null) {
            return;
        }
        if (downstream.pump(now()) == EventStreamer.Result.SNAPSHOT_REQUIRED) {
            reject(ErrorCode.ERROR_CODE_SNAPSHOT_REQUIRED, "events " + childId + " lacks were purged here");
        }
    }

    @Override
    public void onWritable() {
        pump();
    }

    private void scheduleTick() {
        tick = scheduler.schedule(Math.max(1, settings.heartbeatMillis() / 2), this::onTick);
    }

    private void onTick() {
        if (state == State.CLOSED) {
            return;
        }
        if (node.isClosed()) {
            link.close(ErrorCode.ERROR_CODE_SHUTTING_DOWN, node.position().nodeId() + " is shutting down");
            onClosed();
            return;
        }
        long now = now();
        timers.clampTo(now);
        if (state == State.AWAIT_HELLO && timers.handshakeOverdue(now)) {
            reject(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "no hello within " + settings.handshakeTimeoutMillis()
                    + " ms");
            return;
        }
        if (timers.idle(now)) {
            LOG.warn("{}: nothing received for {} ms; closing the link", name(), timers.silentFor(now));
            closeQuietly();
            return;
        }
        if (timers.heartbeatDue(now)) {
            send(Protocol.heartbeat(store.clock().last()));
        }
        if (downstream != null) {
            downstream.onTick(now);
            pump();
        }
        scheduleTick();
    }

    private void send(FrameProto frame) {
        timers.sent(now());
        link.send(frame);
    }

    /** Closes the link because the operator or the demo suspended it. */
    void suspend() {
        scheduler.execute(() -> reject(ErrorCode.ERROR_CODE_LINK_SUSPENDED, "link of " + childId
                + " suspended for a while"));
    }

    private void closeReplaced() {
        LOG.info("{}: closing an older link of the same replica", name());
        closeQuietly();
    }

    private void reject(ErrorCode code, String message) {
        if (state == State.CLOSED) {
            return;
        }
        stats.rejected();
        if (code != ErrorCode.ERROR_CODE_LINK_SUSPENDED && code != ErrorCode.ERROR_CODE_SNAPSHOT_REQUIRED) {
            LOG.warn("{}: closing the link: {} ({})", name(), message, code);
        }
        link.close(code, message);
        onClosed();
    }

    private void closeQuietly() {
        if (state != State.CLOSED) {
            link.close(ErrorCode.ERROR_CODE_UNSPECIFIED, "");
            onClosed();
        }
    }

    @Override
    public void onClosed() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasChild = state == State.CHILD;
        state = State.CLOSED;
        if (tick != null) {
            tick.cancel();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (downstream != null) {
            downstream.stop();
        }
        if (admitted) {
            node.children().disconnected(childId, this, now());
        }
        if (wasChild) {
            LOG.info("{}: child {} disconnected", name(), childId);
            node.linkChanged(childId, false, false, "disconnected");
        }
    }

    private long now() {
        return scheduler.currentTimeMillis();
    }
}
