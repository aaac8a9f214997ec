package dev.tillsync.node.sync;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.codec.MalformedMessageException;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.net.Link;
import dev.tillsync.node.net.LinkStats;
import dev.tillsync.node.store.ApplyOutcome;
import dev.tillsync.node.store.EventRange;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.proto.v1.AckProto;
import dev.tillsync.proto.v1.ErrorCode;
import dev.tillsync.proto.v1.EventBatchProto;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.EventRangeProto;
import dev.tillsync.proto.v1.FrameProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of a link: checks each batch, hands it to the store and acknowledges once it
 * is durable. While {@code maxPendingApplies} batches wait for the store, reading from the link
 * pauses, so a fast peer cannot fill this node's memory. Not thread-safe: the owning session calls
 * it from its executor.
 */
final class BatchReceiver {

    /** Decides whether an event may arrive on this link; returns null if so, else the reason. */
    @FunctionalInterface
    interface ScopeCheck {
        String check(ReplicaId origin, Scope scope);
    }

    /**
     * Decides whether this node accepts that the sender purged events of {@code origin} above
     * {@code known}, this node's counter, before they reached it.
     */
    @FunctionalInterface
    interface PurgeGapCheck {
        boolean accepts(ReplicaId origin, long known);
    }

    /** Thrown for a batch that breaks the protocol; the session closes the link with its code. */
    static final class RejectedBatchException extends Exception {
        private final ErrorCode code;

        RejectedBatchException(ErrorCode code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        ErrorCode code() {
            return code;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchReceiver.class);

    private final String name;
    private final NodeStore store;
    private final Link link;
    private final Executor executor;
    private final SyncSettings settings;
    private final LinkStats stats;
    private final ScopeCheck scopeCheck;
    private final Supplier<AckProto.Builder> ack;
    private final Consumer<VersionVector> senderHas;
    private PurgeGapCheck purgeGaps = (origin, known) -> true;
    private int pending;
    private boolean paused;
    private boolean closed;

    BatchReceiver(String name, NodeStore store, Link link, Executor executor, SyncSettings settings, LinkStats stats,
                  ScopeCheck scopeCheck, Supplier<AckProto.Builder> ack, Consumer<VersionVector> senderHas) {
        this.name = name;
        this.store = store;
        this.link = link;
        this.executor = executor;
        this.settings = settings;
        this.stats = stats;
        this.scopeCheck = scopeCheck;
        this.ack = ack;
        this.senderHas = senderHas;
    }

    /**
     * Sets when this node accepts a purge gap. A range after a gap it does not accept is ignored
     * like any range that starts past what this node has, and its batch goes unacknowledged, so
     * that the sender tries again after its acknowledgement timeout instead of at once.
     */
    void acceptPurgeGapsWhen(PurgeGapCheck check) {
        this.purgeGaps = check;
    }

    /**
     * Checks a batch and queues it for the store.
     *
     * @throws RejectedBatchException if the batch is malformed or leaves its scope; nothing of it
     *                                is applied
     */
    void onBatch(EventBatchProto batch, int frameBytes) throws RejectedBatchException {
        List<EventRange> ranges = decode(batch);
        senderHas.accept(coveredBy(ranges));
        int events = ranges.stream().mapToInt(range -> range.events().size()).sum();
        stats.received(frameBytes, events);
        pending++;
        if (pending >= settings.maxPendingApplies() && !paused) {
            paused = true;
            link.pauseReading();
        }
        long sequence = batch.getSequence();
        boolean refusedGap = batch.getRangesList().stream().filter(EventRangeProto::getAfterPurge).count()
                > ranges.stream().filter(EventRange::afterPurge).count();
        store.apply(ranges).whenComplete((outcome, error) -> executor.execute(() -> applied(outcome, error,
                sequence, !refusedGap)));
    }

    /** Returns, per replica, the highest counter the ranges cover: the sender has all of it. */
    private static VersionVector coveredBy(List<EventRange> ranges) {
        Map<ReplicaId, Long> covered = new HashMap<>();
        for (EventRange range : ranges) {
            covered.merge(range.origin(), range.throughCounter(), Math::max);
        }
        return VersionVector.of(covered);
    }

    private List<EventRange> decode(EventBatchProto batch) throws RejectedBatchException {
        List<EventRange> ranges = new ArrayList<>(batch.getRangesCount());
        try {
            for (EventRangeProto proto : batch.getRangesList()) {
                ReplicaId origin = CrdtProtoMapper.fromProto(proto.getOrigin());
                List<Event> events = new ArrayList<>(proto.getEventsCount());
                for (EventProto eventProto : proto.getEventsList()) {
                    Event event = EventProtoMapper.fromProto(eventProto);
                    EventProtoMapper.requireWithinLimits(event);
                    String violation = scopeCheck.check(event.dot().replica(), event.scope());
                    if (violation != null) {
                        throw new RejectedBatchException(ErrorCode.ERROR_CODE_OUT_OF_SCOPE, violation, null);
                    }
                    events.add(event);
                }
                boolean afterPurge = proto.getAfterPurge() && purgeGaps.accepts(origin, store.vector().get(origin));
                ranges.add(new EventRange(origin, proto.getAfterCounter(), proto.getThroughCounter(), events,
                        afterPurge));
            }
        } catch (MalformedMessageException | IllegalArgumentException e) {
            throw new RejectedBatchException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "malformed event batch: "
                    + e.getMessage(), e);
        }
        return ranges;
    }

    private void applied(ApplyOutcome outcome, Throwable error, long sequence, boolean acknowledge) {
        pending--;
        if (paused && pending < settings.maxPendingApplies()) {
            paused = false;
            if (!closed) {
                link.resumeReading();
            }
        }
        if (closed) {
            return;
        }
        if (error != null) {
            LOG.warn("{}: could not store a received batch; closing the link so the peer sends it again", name,
                    error);
            closed = true;
            link.close(ErrorCode.ERROR_CODE_STORE_FAILURE, "the receiver could not store the batch: "
                    + rootMessage(error));
            return;
        }
        if (outcome.gaps() > 0) {
            LOG.debug("{}: ignored {} ranges that start past what this node has", name, outcome.gaps());
        }
        if (!acknowledge) {
            LOG.debug("{}: waiting for events the sender purged to come from the parent; batch not acknowledged",
                    name);
            return;
        }
        LOG.debug("{}: stored batch {}: {} new events, {} already held; acknowledged", name, sequence,
                outcome.applied(), outcome.duplicates());
        link.send(FrameProto.newBuilder().setAck(ack.get().setBatchSequence(sequence)).build());
    }

    /** Returns the number of batches waiting for the store. */
    int pending() {
        return pending;
    }

    void close() {
        closed = true;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
