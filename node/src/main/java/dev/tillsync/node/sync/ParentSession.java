package dev.tillsync.node.sync;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.MalformedMessageException;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.net.Link;
import dev.tillsync.node.net.LinkStats;
import dev.tillsync.node.net.Scheduler;
import dev.tillsync.node.net.Session;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.SnapshotPart;
import dev.tillsync.proto.v1.AckProto;
import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.ErrorProto;
import dev.tillsync.proto.v1.EventBatchProto;
import dev.tillsync.proto.v1.EventRangeProto;
import dev.tillsync.proto.v1.FrameProto;
import dev.tillsync.proto.v1.HelloProto;
import dev.tillsync.proto.v1.PeerRole;
import dev.tillsync.proto.v1.SnapshotChunkProto;
import dev.tillsync.proto.v1.SnapshotRequestProto;
import dev.tillsync.proto.v1.StatusReportProto;
import dev.tillsync.proto.v1.WelcomeProto;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child's side of the link to its parent: streams up the events of this node's subtree that
 * the parent lacks, applies and acknowledges what the parent sends down, takes a snapshot first
 * when this node needs one, and reports its status.
 */
final class ParentSession implements Session {

    private enum State { HELLO_SENT, BOOTSTRAPPING, SYNCING, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(ParentSession.class);

    private final Replicator node;
    private final NodeStore store;
    private final Link link;
    private final Scheduler scheduler;
    private final SyncSettings settings;
    private final LinkStats stats;
    private final AtomicBoolean pumpRequested = new AtomicBoolean();
    private State state = State.HELLO_SENT;
    private String parentId = "parent";
    private VersionVector parentHas = VersionVector.empty();
    private EventStreamer upstream;
    private BatchReceiver downstream;
    private Scheduler.Cancellable tick;
    private final LinkTimers timers;
    private long lastStatusMillis;

    ParentSession(Replicator node, Link link, Scheduler scheduler) {
        this.node = node;
        this.store = node.store();
        this.link = link;
        this.scheduler = scheduler;
        this.settings = node.settings();
        this.stats = node.newLinkStats();
        this.timers = new LinkTimers(settings);
    }

    private String name() {
        return node.position().nodeId() + " -> " + parentId;
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

    @Override
    public void onOpen() {
        timers.opened(now());
        send(FrameProto.newBuilder().setHello(HelloProto.newBuilder()
                .setVersion(Protocol.VERSION)
                .setReplica(CrdtProtoMapper.toProto(store.self()))
                .setEpoch(store.epoch())
                .setRole(PeerRole.PEER_ROLE_CHILD)
                .setClock(CrdtProtoMapper.toProto(store.wallClock()))
                .setVector(CrdtProtoMapper.toProto(store.vector()))
                .setNeedsSnapshot(node.needsBootstrap())).build());
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
            fail(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "malformed " + frame.getKindCase() + ": " + e.getMessage());
        } catch (BatchReceiver.RejectedBatchException e) {
            fail(e.code(), e.getMessage());
        }
    }

    private void dispatch(FrameProto frame) throws BatchReceiver.RejectedBatchException {
        switch (frame.getKindCase()) {
            case WELCOME -> onWelcome(frame.getWelcome());
            case SNAPSHOT_CHUNK -> {
                if (expect(frame, State.BOOTSTRAPPING)) {
                    onChunk(frame.getSnapshotChunk());
                }
            }
            case EVENT_BATCH -> {
                if (expect(frame, State.SYNCING)) {
                    requireNoUnissuedOwnEvents(frame.getEventBatch());
                    downstream.onBatch(frame.getEventBatch(), frame.getSerializedSize());
                }
            }
            case ACK -> {
                if (state == State.BOOTSTRAPPING) {
                    node.mergeAckChain(frame.getAck().getAncestorsList());
                } else if (expect(frame, State.SYNCING)) {
                    onAck(frame.getAck());
                }
            }
            case HEARTBEAT -> {
            }
            case ERROR -> onError(frame.getError());
            default -> fail(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "unexpected " + frame.getKindCase()
                    + " from the parent in state " + state);
        }
    }

    /**
     * Rejects a run of this node's current replica beyond what it issued: a parent may send back
     * events of this node's older incarnations, never counters its current one has not reached.
     */
    private void requireNoUnissuedOwnEvents(EventBatchProto batch) throws BatchReceiver.RejectedBatchException {
        ReplicaId self = store.self();
        for (EventRangeProto range : batch.getRangesList()) {
            ReplicaId origin = CrdtProtoMapper.fromProto(range.getOrigin());
            long issued = store.vector().get(self);
            if (origin.equals(self) && range.getThroughCounter() > issued) {
                throw new BatchReceiver.RejectedBatchException(ErrorCode.ERROR_CODE_OUT_OF_SCOPE, "the parent sent "
                        + "events of this node's replica " + self + " up to " + range.getThroughCounter()
                        + ", but it issued only " + issued, null);
            }
        }
    }

    private boolean expect(FrameProto frame, State expected) {
        if (state == expected) {
            return true;
        }
        fail(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, frame.getKindCase() + " from the parent in state " + state);
        return false;
    }

    private void onWelcome(WelcomeProto welcome) {
        if (state != State.HELLO_SENT) {
            fail(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "a second welcome on one link");
            return;
        }
        String versionProblem = Protocol.checkVersion(welcome.getVersion());
        if (versionProblem != null) {
            fail(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, versionProblem);
            return;
        }
        ReplicaId parent = CrdtProtoMapper.fromProto(welcome.getReplica());
        parentId = parent.nodeId();
        Timestamp theirs = CrdtProtoMapper.fromProto(welcome.getClock());
        long skew = Math.abs(theirs.wallMillis() - now());
        if (skew > store.clock().maxDriftMillis()) {
            fail(ErrorCode.ERROR_CODE_CLOCK_SKEW, "clocks differ by " + skew + " ms (expected: at most "
                    + store.clock().maxDriftMillis() + " ms); set the clock of " + node.position().nodeId() + " or of "
                    + parentId);
            return;
        }
        parentHas = CrdtProtoMapper.fromProto(welcome.getVector());
        node.checkOwnStaleness(parentHas, parentId);
        noteRestoredParent();
        node.updateAckChain(welcome.getAncestorsList());
        upstream = new EventStreamer(name(), store, link, settings, stats,
                origin -> Routing.goesUp(node.position(), origin), event -> event, true);
        downstream = new BatchReceiver(name(), store, link, scheduler, settings, stats,
                (origin, scope) -> Routing.checkFromParent(node.position(), origin, scope), this::ack,
                upstream::notePeerHas);
        LOG.info("{}: connected to parent {} at {}", name(), parent, link.remoteAddress());
        node.linkChanged(parentId, true, true, "connected");
        if (node.needsBootstrap()) {
            state = State.BOOTSTRAPPING;
            requestChunk(node.bootstrapProgress());
        } else {
            startSyncing();
        }
    }

    private void noteRestoredParent() {
        VersionVector acknowledged = node.ackChain().parent();
        for (Map.Entry<ReplicaId, Long> entry : acknowledged.counters().entrySet()) {
            if (parentHas.get(entry.getKey()) < entry.getValue()) {
                LOG.warn("{}: the parent has {} events of {} but had acknowledged {}: it was restored from an older "
                        + "copy; sending them again", name(), parentHas.get(entry.getKey()), entry.getKey(),
                        entry.getValue());
            }
        }
    }

    private void requestChunk(SnapshotRequestProto progress) {
        send(FrameProto.newBuilder().setSnapshotRequest(progress).build());
    }

    private void onChunk(SnapshotChunkProto chunk) {
        SnapshotPart part = SnapshotProtoMapper.fromProto(chunk);
        int salesSince = node.bootstrapProgress().getSalesSince();
        store.join(part).whenComplete((ignored, error) -> scheduler.execute(() -> {
            if (state != State.BOOTSTRAPPING) {
                return;
            }
            if (error != null) {
                LOG.warn("{}: could not store snapshot chunk {}", name(), chunk.getIndex(), error);
                fail(ErrorCode.ERROR_CODE_STORE_FAILURE, "could not store snapshot chunk " + chunk.getIndex());
                return;
            }
            if (chunk.getLast()) {
                node.finishBootstrap();
                LOG.info("{}: snapshot {} complete after {} chunks", name(), chunk.getSnapshotId(),
                        chunk.getIndex() + 1);
                startSyncing();
                return;
            }
            SnapshotRequestProto next = SnapshotRequestProto.newBuilder().setSnapshotId(chunk.getSnapshotId())
                    .setNextChunk(chunk.getIndex() + 1).setSalesSince(salesSince).build();
            node.saveBootstrapProgress(next);
            requestChunk(next);
        }));
    }

    private void startSyncing() {
        state = State.SYNCING;
        upstream.start(parentHas);
        send(FrameProto.newBuilder().setAck(ack()).build());
        pump();
        sendStatus();
    }

    private AckProto.Builder ack() {
        return AckProto.newBuilder().setVector(CrdtProtoMapper.toProto(store.vector()));
    }

    private void onAck(AckProto ack) {
        VersionVector acknowledged = CrdtProtoMapper.fromProto(ack.getVector());
        parentHas = parentHas.merge(acknowledged);
        upstream.onAck(acknowledged, ack.getBatchSequence(), now());
        node.mergeAckChain(ack.getAncestorsList());
        pump();
    }

    private void onError(ErrorProto error) {
        switch (error.getCode()) {
            case ERROR_CODE_SNAPSHOT_REQUIRED -> {
                LOG.warn("{}: the parent purged events this node lacks; taking a snapshot at the next connection",
                        name());
                node.requireBootstrap(0);
            }
            case ERROR_CODE_DUPLICATE_IDENTITY -> LOG.error("{}: the parent refused this node: {} ({})", name(),
                    error.getMessage(), error.getCode());
            case ERROR_CODE_LINK_SUSPENDED -> LOG.info("{}: the parent suspended this link for a while", name());
            case ERROR_CODE_NOT_A_CHILD, ERROR_CODE_UNSUPPORTED_VERSION -> {
                // the connector logs the first rejection at WARN and retries after its maximum backoff
                LOG.debug("{}: the parent rejected this node: {} ({})", name(), error.getMessage(), error.getCode());
                link.markRejected(error.getMessage() + " (" + error.getCode() + ")");
            }
            default -> LOG.warn("{}: the parent closes the link: {} ({})", name(), error.getMessage(),
                    error.getCode());
        }
        closeLink(ErrorCode.ERROR_CODE_UNSPECIFIED, "");
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

    private void pump() {
        if (node.isClosed()) {
            return;
        }
        if (state == State.SYNCING) {
            upstream.pump(now());
        }
    }

    @Override
    public void onWritable() {
        pump();
    }

    private void sendStatus() {
        lastStatusMillis = now();
        send(FrameProto.newBuilder().setStatusReport(StatusReportProto.newBuilder()
                .setStatus(node.status(now()))).build());
    }

    private void scheduleTick() {
        tick = scheduler.schedule(Math.max(1, settings.heartbeatMillis() / 2), this::onTick);
    }

    private void onTick() {
        if (state == State.CLOSED) {
            return;
        }
        if (node.isClosed()) {
            closeLink(ErrorCode.ERROR_CODE_UNSPECIFIED, "");
            return;
        }
        long now = now();
        timers.clampTo(now);
        lastStatusMillis = Math.min(lastStatusMillis, now);
        if (state == State.HELLO_SENT && timers.handshakeOverdue(now)) {
            fail(ErrorCode.ERROR_CODE_PROTOCOL_VIOLATION, "no welcome within " + settings.handshakeTimeoutMillis()
                    + " ms");
            return;
        }
        if (timers.idle(now)) {
            LOG.warn("{}: nothing received for {} ms; closing the link", name(), timers.silentFor(now));
            closeLink(ErrorCode.ERROR_CODE_UNSPECIFIED, "");
            return;
        }
        if (state == State.SYNCING) {
            upstream.onTick(now);
            pump();
            if (now - lastStatusMillis >= settings.statusIntervalMillis()) {
                sendStatus();
            }
        }
        if (timers.heartbeatDue(now)) {
            send(Protocol.heartbeat(store.clock().last()));
        }
        scheduleTick();
    }

    private void send(FrameProto frame) {
        timers.sent(now());
        link.send(frame);
    }

    private void fail(ErrorCode code, String message) {
        if (state == State.CLOSED) {
            return;
        }
        stats.rejected();
        LOG.warn("{}: closing the link: {} ({})", name(), message, code);
        closeLink(code, message);
    }

    private void closeLink(ErrorCode code, String message) {
        if (state != State.CLOSED) {
            link.close(code, message);
            onClosed();
        }
    }

    @Override
    public void onClosed() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasConnected = state != State.HELLO_SENT;
        state = State.CLOSED;
        if (tick != null) {
            tick.cancel();
        }
        if (downstream != null) {
            downstream.close();
        }
        if (upstream != null) {
            upstream.stop();
        }
        if (wasConnected) {
            LOG.info("{}: lost the link to parent {}", name(), parentId);
            node.linkChanged(parentId, true, false, "disconnected");
        }
    }

    /** Returns what the parent acknowledged of this node's subtree. */
    VersionVector parentHas() {
        return parentHas;
    }

    private long now() {
        return scheduler.currentTimeMillis();
    }
}
