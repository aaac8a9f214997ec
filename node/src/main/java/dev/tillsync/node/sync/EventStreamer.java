package dev.tillsync.node.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.net.Link;
import dev.tillsync.node.net.LinkStats;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StoredEvent;
import dev.tillsync.proto.v1.EventBatchProto;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.EventRangeProto;
import dev.tillsync.proto.v1.FrameProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a link: streams the events a peer lacks, in counter order per replica, as
 * batches of ranges, and nothing the peer has acknowledged.
 *
 * <p>It keeps, per replica, what the peer acknowledged and what was sent since. At most
 * {@code maxBatchesInFlight} batches wait for an acknowledgement; when none is in flight and the
 * peer still lacks something sent (a batch lost or reordered), or when no acknowledgement comes
 * within the timeout, it goes back to what the peer acknowledged and sends again. Events are read
 * from the store as they are needed, so a slow peer costs no memory. Not thread-safe: the owning
 * session calls it from its executor.
 */
final class EventStreamer {

    /** What a pump found. */
    enum Result {
        /** Sent what it could, or nothing was missing. */
        OK,
        /** The peer lacks events that were purged here; downstream, it needs a snapshot. */
        SNAPSHOT_REQUIRED
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamer.class);

    private final String name;
    private final NodeStore store;
    private final Link link;
    private final SyncSettings settings;
    private final LinkStats stats;
    private final Predicate<ReplicaId> origins;
    private final UnaryOperator<EventProto> mapper;
    private final boolean mayResumeAfterPurge;
    private final Map<ReplicaId, Long> acked = new HashMap<>();
    private final Map<ReplicaId, Long> sent = new HashMap<>();
    private final Map<ReplicaId, Long> lossReported = new HashMap<>();
    private boolean active;
    private long lastSequence;
    private long acknowledgedSequence;
    private long waitingSinceMillis;
    private int rotation;

    /**
     * @param origins             the replicas whose events this link carries
     * @param mapper              returns the event as the peer receives it, or null to leave it out
     * @param mayResumeAfterPurge true upstream: a parent that lacks purged events gets the rest
     *                            with the gap marked; false downstream: the child needs a snapshot
     */
    EventStreamer(String name, NodeStore store, Link link, SyncSettings settings, LinkStats stats,
                  Predicate<ReplicaId> origins, UnaryOperator<EventProto> mapper, boolean mayResumeAfterPurge) {
        this.name = name;
        this.store = store;
        this.link = link;
        this.settings = settings;
        this.stats = stats;
        this.origins = origins;
        this.mapper = mapper;
        this.mayResumeAfterPurge = mayResumeAfterPurge;
    }

    /** Starts streaming to a peer that has {@code peerHas}. */
    void start(VersionVector peerHas) {
        acked.clear();
        sent.clear();
        peerHas.counters().forEach((replica, counter) -> {
            acked.put(replica, counter);
            sent.put(replica, counter);
        });
        lastSequence = 0;
        acknowledgedSequence = 0;
        active = true;
    }

    boolean isActive() {
        return active;
    }

    void stop() {
        active = false;
    }

    /**
     * Takes in an acknowledgement: what the peer now has durably, and the sequence of the batch it
     * answers (0 for a refresh that answers none).
     */
    void onAck(VersionVector peerHas, long batchSequence, long nowMillis) {
        peerHas.counters().forEach((replica, counter) -> {
            acked.merge(replica, counter, Math::max);
            sent.merge(replica, counter, Math::max);
        });
        if (batchSequence <= acknowledgedSequence || batchSequence > lastSequence) {
            return;
        }
        acknowledgedSequence = batchSequence;
        waitingSinceMillis = nowMillis;
        if (inFlight() == 0) {
            rewindToAcknowledged();
        }
    }

    /**
     * Records that the peer has what it just sent this node: the events of {@code peerHas} are never
     * sent back to it.
     */
    void notePeerHas(VersionVector peerHas) {
        peerHas.counters().forEach((replica, counter) -> {
            acked.merge(replica, counter, Math::max);
            sent.merge(replica, counter, Math::max);
        });
    }

    private long inFlight() {
        return lastSequence - acknowledgedSequence;
    }

    /** Goes back to what the peer acknowledged when an acknowledgement is overdue. */
    void onTick(long nowMillis) {
        // a wall clock that stepped back must not hold the timeout off until it catches up
        waitingSinceMillis = Math.min(waitingSinceMillis, nowMillis);
        if (active && inFlight() > 0 && nowMillis - waitingSinceMillis >= settings.ackTimeoutMillis()) {
            LOG.debug("{}: no acknowledgement for {} ms, sending again from what the peer acknowledged", name,
                    nowMillis - waitingSinceMillis);
            acknowledgedSequence = lastSequence;
            rewindToAcknowledged();
        }
    }

    private void rewindToAcknowledged() {
        sent.replaceAll((replica, counter) -> acked.getOrDefault(replica, 0L));
    }

    /** Returns the number of events the peer has not acknowledged, of the replicas this link carries. */
    long unacknowledged() {
        long total = 0;
        for (Map.Entry<ReplicaId, Long> entry : store.vector().counters().entrySet()) {
            if (origins.test(entry.getKey())) {
                total += Math.max(0, entry.getValue() - acked.getOrDefault(entry.getKey(), 0L));
            }
        }
        return total;
    }

    /** Returns what the peer acknowledged. */
    VersionVector acknowledged() {
        return VersionVector.of(acked);
    }

    /** Sends batches while the window and the transport allow. */
    Result pump(long nowMillis) {
        while (active && inFlight() < settings.maxBatchesInFlight() && link.isWritable()) {
            Batch batch = nextBatch();
            if (batch.snapshotRequired) {
                return Result.SNAPSHOT_REQUIRED;
            }
            if (batch.proto.getRangesCount() == 0) {
                break;
            }
            if (inFlight() == 0) {
                waitingSinceMillis = nowMillis;
            }
            lastSequence++;
            FrameProto frame = FrameProto.newBuilder()
                    .setEventBatch(batch.proto.toBuilder().setSequence(lastSequence)).build();
            link.send(frame);
            stats.sent(frame.getSerializedSize(), batch.events);
        }
        return Result.OK;
    }

    private static final class Batch {
        final EventBatchProto.Builder builder = EventBatchProto.newBuilder();
        EventBatchProto proto;
        int events;
        long bytes;
        boolean snapshotRequired;
    }

    private Batch nextBatch() {
        Batch batch = new Batch();
        VersionVector have = store.vector();
        VersionVector floors = store.floors();
        List<ReplicaId> behind = new ArrayList<>();
        have.counters().forEach((replica, counter) -> {
            if (origins.test(replica) && counter > sent.getOrDefault(replica, 0L)) {
                behind.add(replica);
            }
        });
        int start = behind.isEmpty() ? 0 : Math.floorMod(rotation++, behind.size());
        for (int i = 0; i < behind.size() && !isFull(batch); i++) {
            ReplicaId replica = behind.get((start + i) % behind.size());
            if (!addRange(batch, replica, have.get(replica), floors.get(replica))) {
                batch.snapshotRequired = true;
                break;
            }
        }
        batch.proto = batch.builder.build();
        return batch;
    }

    private boolean isFull(Batch batch) {
        return batch.events >= settings.maxBatchEvents() || batch.bytes >= settings.maxBatchBytes();
    }

    /** Adds the next range of one replica; returns false if the peer needs purged events. */
    private boolean addRange(Batch batch, ReplicaId replica, long through, long floor) {
        long after = sent.getOrDefault(replica, 0L);
        boolean afterPurge = false;
        if (after < floor) {
            if (!mayResumeAfterPurge) {
                return false;
            }
            reportLoss(replica, after, floor);
            after = floor;
            afterPurge = true;
        }
        int maxEvents = settings.maxBatchEvents() - batch.events;
        long maxBytes = settings.maxBatchBytes() - batch.bytes;
        List<StoredEvent> read = store.reader().readEvents(replica, after, maxEvents, maxBytes);
        EventRangeProto.Builder range = EventRangeProto.newBuilder()
                .setOrigin(CrdtProtoMapper.toProto(replica))
                .setAfterCounter(after)
                .setAfterPurge(afterPurge);
        long last = after;
        long bytes = 0;
        boolean passedThrough = false;
        for (StoredEvent stored : read) {
            if (stored.counter() > through) {
                passedThrough = true;
                break;
            }
            EventProto mapped = mapper.apply(parse(stored));
            if (mapped != null) {
                range.addEvents(mapped);
                batch.events++;
            }
            bytes += stored.bytes().length;
            last = stored.counter();
        }
        long readBytes = read.stream().mapToLong(stored -> stored.bytes().length).sum();
        boolean everythingRead = read.size() < maxEvents && readBytes < maxBytes;
        long covered = passedThrough || everythingRead ? through : last;
        if (covered <= after) {
            return true;
        }
        batch.bytes += bytes;
        batch.builder.addRanges(range.setThroughCounter(covered));
        sent.put(replica, covered);
        return true;
    }

    private void reportLoss(ReplicaId replica, long peerHas, long floor) {
        if (lossReported.getOrDefault(replica, -1L) == floor) {
            return;
        }
        lossReported.put(replica, floor);
        LOG.error("{}: the peer lacks events {}..{} of {}, which were purged here; sending the rest with the gap "
                + "marked", name, peerHas + 1, floor, replica);
    }

    private EventProto parse(StoredEvent stored) {
        try {
            return EventProto.parseFrom(stored.bytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(name + ": stored event " + stored.counter() + " is not a valid "
                    + "EventProto: the data directory is damaged", e);
        }
    }
}
