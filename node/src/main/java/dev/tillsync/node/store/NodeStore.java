package dev.tillsync.node.store;

import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.crdt.ClockDriftException;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.HybridClock;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Money;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store of one node. All writes go through one writer (see {@link Writer}); a future
 * returned by a write completes once the write-ahead log holding it is synced. Reads see committed
 * writes only. Thread-safe.
 */
public final class NodeStore implements AutoCloseable {

    /**
     * How to open a store.
     *
     * @param nodeId         the node id expected, or null to accept the one already stored
     * @param wallClock      milliseconds since the epoch; the system clock outside simulations
     * @param maxDriftMillis how far ahead of the wall clock a remote timestamp may be
     * @param threadedWriter true for a writer thread with group commit, false to write in the
     *                       caller's thread (deterministic simulations)
     * @param random         source of incarnations and epochs; a {@link SecureRandom} outside
     *                       simulations, which seed it so that a run can be replayed
     * @param walRecycling   true to overwrite old write-ahead log files of a RocksDB store instead
     *                       of appending to new ones (see {@link RocksKv#open(Path, boolean)}); on
     *                       by default
     */
    public record Options(String nodeId, LongSupplier wallClock, long maxDriftMillis, boolean threadedWriter,
                          RandomGenerator random, boolean walRecycling) {

        public Options {
            Objects.requireNonNull(random, "random");
        }

        public Options(String nodeId, LongSupplier wallClock, long maxDriftMillis, boolean threadedWriter,
                       RandomGenerator random) {
            this(nodeId, wallClock, maxDriftMillis, threadedWriter, random, true);
        }

        /** Options with incarnations drawn from a {@link SecureRandom}. */
        public Options(String nodeId, LongSupplier wallClock, long maxDriftMillis, boolean threadedWriter) {
            this(nodeId, wallClock, maxDriftMillis, threadedWriter, new SecureRandom());
        }

        public static Options defaults(String nodeId) {
            return new Options(nodeId, System::currentTimeMillis, 5 * 60_000L, true);
        }

        public Options withNodeId(String newNodeId) {
            return new Options(newNodeId, wallClock, maxDriftMillis, threadedWriter, random, walRecycling);
        }

        public Options withWalRecycling(boolean recycling) {
            return new Options(nodeId, wallClock, maxDriftMillis, threadedWriter, random, recycling);
        }
    }

    /**
     * Name of the metadata record that a restore from a snapshot file writes before its first chunk
     * and deletes once the node is complete. Opening a store that still has it fails.
     */
    public static final String RESTORE_IN_PROGRESS = "restore-in-progress";

    private static final Logger LOG = LoggerFactory.getLogger(NodeStore.class);

    private final Kv kv;
    private final CommittedState committed;
    private final HybridClock clock;
    private final LongSupplier wallClock;
    private final Writer writer;
    private final StateReader reader;
    private final long epoch;
    private final RandomGenerator random;
    private boolean created;

    private NodeStore(Kv kv, ReplicaId self, Options options) {
        this.kv = kv;
        this.committed = CommittedState.load(kv, self);
        this.wallClock = options.wallClock();
        this.clock = new HybridClock(options.wallClock(), options.maxDriftMillis(),
                MetaCodec.readClock(kv.get(Column.META, MetaCodec.CLOCK)));
        this.writer = new Writer(self.nodeId(), kv, committed, clock, new MetaCodec(), options.threadedWriter());
        this.reader = new StateReader(kv, committed);
        this.random = options.random();
        this.epoch = random.nextLong();
    }

    /**
     * Opens (or creates) the RocksDB store in {@code directory}.
     *
     * @throws StoreException if the directory is unusable or belongs to another node
     */
    public static NodeStore open(Path directory, Options options) {
        RocksKv kv = RocksKv.open(directory, options.walRecycling());
        try {
            requireNoUnfinishedRestore(kv);
            boolean empty = kv.get(Column.META, MetaCodec.NODE_ID) == null;
            NodeStore store = new NodeStore(kv, Identity.load(kv, options.nodeId(),
                    Identity.directoryIdentity(directory), options.random()), options);
            store.created = empty;
            return store;
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
    }

    /**
     * Opens the store in {@code directory} for reading only: nothing is written, not even a new
     * incarnation of a copied directory. For reports and exports of a stopped node.
     *
     * @throws StoreException if the directory holds no node or cannot be read
     */
    public static NodeStore openReadOnly(Path directory) {
        RocksKv kv = RocksKv.openReadOnly(directory);
        try {
            requireNoUnfinishedRestore(kv);
            Options options = new Options(null, System::currentTimeMillis, 5 * 60_000L, false, new SecureRandom());
            return new NodeStore(kv, Identity.read(kv), options);
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
    }

    /** Opens a store on any {@link Kv}, such as a {@link MemoryKv} in a simulation. */
    public static NodeStore open(Kv kv, Options options) {
        requireNoUnfinishedRestore(kv);
        boolean empty = kv.get(Column.META, MetaCodec.NODE_ID) == null;
        NodeStore store = new NodeStore(kv, Identity.load(kv, options.nodeId(), null, options.random()), options);
        store.created = empty;
        return store;
    }

    private static void requireNoUnfinishedRestore(Kv kv) {
        byte[] file = kv.get(Column.META, MetaCodec.key(RESTORE_IN_PROGRESS));
        if (file != null) {
            throw new StoreException(StoreException.Reason.WRONG_DIRECTORY, "the data directory " + kv.location()
                    + " holds an unfinished restore of the snapshot file " + new String(file, StandardCharsets.UTF_8)
                    + ": delete the directory and run 'tillsync snapshot restore' again");
        }
    }

    /** Returns true if this opening created the node: its data directory held no node before. */
    public boolean createdNow() {
        return created;
    }

    public String nodeId() {
        return committed.self().nodeId();
    }

    /** Returns this node's current replica id. */
    public ReplicaId self() {
        return committed.self();
    }

    /** Returns a random id of this opening of the store: it differs after every restart. */
    public long epoch() {
        return epoch;
    }

    public HybridClock clock() {
        return clock;
    }

    /**
     * Returns the wall clock now, for the clock check of a handshake. The hybrid clock runs ahead
     * of it for as long as it once saw a wall clock set too far ahead, so peers compare this one.
     */
    public Timestamp wallClock() {
        return new Timestamp(wallClock.getAsLong(), 0);
    }

    /** Returns where the store lives, for messages. */
    public String location() {
        return kv.location();
    }

    public long sizeOnDisk() {
        return kv.sizeOnDisk();
    }

    /** Returns the read side: events, stock, prices, items, indexes, digests. */
    public StateReader reader() {
        return reader;
    }

    /** Returns, for each replica, the highest contiguous counter applied here. */
    public VersionVector vector() {
        return committed.vectorSnapshot();
    }

    /** Returns, for each replica, the counter at or below which events may have been purged here. */
    public VersionVector floors() {
        return committed.floorSnapshot();
    }

    /** Registers a listener called on the writer thread with the events of each durable group. */
    public void addListener(Consumer<List<Event>> listener) {
        writer.addListener(listener);
    }

    /**
     * Records a new event of this node: assigns the next dot of this replica and a clock timestamp,
     * stores the event with its effects and syncs the log.
     *
     * @return a future of the recorded event; it fails with {@link DuplicateReferenceException} if
     *         the draft's reference is already recorded, or with {@link StoreException}
     */
    public CompletableFuture<Event> append(EventDraft draft) {
        Objects.requireNonNull(draft, "draft");
        return writer.submit(context -> {
            context.requireSync();
            checkReference(context, draft.reference());
            ReplicaId self = context.self();
            long counter = context.vector(self) + 1;
            Event event = new Event(new Dot(self, counter), clock.now(), draft.scope(), draft.businessDate(),
                    draft.body());
            EventEffects.apply(context, event);
            context.setVector(self, counter);
            return event;
        });
    }

    private static void checkReference(WriteContext context, EventDraft.Reference reference) {
        if (reference == null || reference.value().isEmpty()) {
            return;
        }
        byte[] existing = context.get(Column.INDEX,
                Keys.byReference(reference.storeId(), reference.kind(), reference.value()));
        if (existing != null) {
            throw new DuplicateReferenceException(reference, EventEffects.readDot(existing));
        }
    }

    /**
     * Applies runs of remote events. Events already known are skipped; a run that starts past what
     * this node has is ignored (the sender resends from what this node acknowledges), unless the
     * sender marked it as following a purge.
     */
    public CompletableFuture<ApplyOutcome> apply(List<EventRange> ranges) {
        List<EventRange> copy = List.copyOf(ranges);
        return writer.submit(context -> {
            context.requireSync();
            int applied = 0;
            int duplicates = 0;
            int gaps = 0;
            long lost = 0;
            for (EventRange range : copy) {
                long known = context.vector(range.origin());
                if (range.afterCounter() > known) {
                    if (!range.afterPurge()) {
                        gaps++;
                        continue;
                    }
                    lost += range.afterCounter() - known;
                    LOG.error("{}: events {}..{} of {} were purged at the sender before they arrived here; they are "
                            + "lost to this node", context.self(), known + 1, range.afterCounter(), range.origin());
                    context.setFloor(range.origin(), Math.max(context.floor(range.origin()), range.afterCounter()));
                    known = range.afterCounter();
                }
                for (Event event : range.events()) {
                    if (event.dot().counter() <= known) {
                        duplicates++;
                        continue;
                    }
                    observe(event);
                    EventEffects.apply(context, event);
                    applied++;
                }
                if (range.throughCounter() > known) {
                    context.setVector(range.origin(), range.throughCounter());
                }
            }
            return new ApplyOutcome(applied, duplicates, gaps, lost, null);
        }).thenApply(outcome -> new ApplyOutcome(outcome.applied(), outcome.duplicates(), outcome.gaps(),
                outcome.lostEvents(), vector()));
    }

    private void observe(Event event) {
        try {
            clock.observe(event.timestamp());
        } catch (ClockDriftException e) {
            // the event is kept as it is; only this node's clock refuses to jump ahead with it
            LOG.debug("{}: clock not moved by event {}: {}", self(), event.dot(), e.getMessage());
        }
    }

    /**
     * Joins one part of a snapshot into the state: stock entries by maximum, registers by
     * last-writer-wins, events without their effects (the state already holds them). The last
     * part raises the version vector to the snapshot's, and the purge floor of a replica to the last
     * event of the snapshot's range that is missing here.
     */
    public CompletableFuture<Void> join(SnapshotPart part) {
        return writer.submit(context -> {
            context.requireSync();
            for (StockEntry entry : part.stock()) {
                EventEffects.mergeStock(context, entry.storeId(), entry.sku(), entry.replica(), entry.increments(),
                        entry.decrements());
            }
            for (ScopedRegister<Money> price : part.prices()) {
                EventEffects.mergeRegister(context, Keys.PRICE, price.scope(), price.sku(), price.register(),
                        EventProtoMapper.MONEY_CODEC);
            }
            for (ScopedRegister<Item> item : part.items()) {
                EventEffects.mergeRegister(context, Keys.ITEM, item.scope(), item.sku(), item.register(),
                        EventProtoMapper.ITEM_CODEC);
            }
            for (Event event : part.events()) {
                if (context.get(Column.EVENTS, Keys.event(event.dot())) == null) {
                    EventEffects.storeEvent(context, event);
                }
            }
            if (part.isLast()) {
                joinVector(context, part.vector());
            }
            return null;
        });
    }

    private static void joinVector(WriteContext context, VersionVector snapshotVector) {
        for (Map.Entry<ReplicaId, Long> entry : snapshotVector.counters().entrySet()) {
            ReplicaId replica = entry.getKey();
            long snapshotCounter = entry.getValue();
            long known = context.vector(replica);
            if (snapshotCounter <= known) {
                continue;
            }
            long lastMissing = snapshotCounter;
            while (lastMissing > known && context.get(Column.EVENTS, Keys.event(replica, lastMissing)) != null) {
                lastMissing--;
            }
            // the floor rises only to the last missing event: those above it are held and must still be sent
            if (lastMissing > known) {
                context.setFloor(replica, Math.max(context.floor(replica), lastMissing));
            }
            context.setVector(replica, snapshotCounter);
        }
    }

    /**
     * Drops events from the log, oldest first per replica, while {@code eligible} accepts them.
     * Stock, prices and items keep their effects; the purge floor of each replica rises to the last
     * dropped counter. At most {@code limit} events are dropped per call.
     *
     * @return a future of the number of events dropped
     */
    public CompletableFuture<Long> purge(Predicate<Event> eligible, int limit) {
        return writer.submit(context -> {
            context.requireSync();
            long dropped = 0;
            for (Map.Entry<ReplicaId, Long> entry : vector().counters().entrySet()) {
                if (dropped >= limit) {
                    break;
                }
                dropped += purgeReplica(context, entry.getKey(), entry.getValue(), eligible, (int) (limit - dropped));
            }
            return dropped;
        });
    }

    private long purgeReplica(WriteContext context, ReplicaId replica, long through, Predicate<Event> eligible,
                              int limit) {
        List<StoredEvent> candidates = reader.readEvents(replica, context.floor(replica), limit, Long.MAX_VALUE);
        long lastDropped = 0;
        long count = 0;
        for (StoredEvent stored : candidates) {
            Event event = EventProtoMapper.parse(stored.bytes());
            if (stored.counter() > through || !eligible.test(event)) {
                break;
            }
            context.delete(Column.EVENTS, Keys.event(replica, stored.counter()));
            context.delete(Column.INDEX, Keys.byDate(event.businessDate(), event.dot()));
            lastDropped = stored.counter();
            count++;
        }
        if (count > 0) {
            context.setFloor(replica, lastDropped);
        }
        return count;
    }

    /**
     * Switches this node to a new incarnation, so that it never issues a dot an older copy of it may
     * have issued. Events of earlier incarnations stay in the log and keep being sent to the parent.
     */
    public CompletableFuture<ReplicaId> renewIncarnation(String reason) {
        return writer.submit(context -> {
            context.requireSync();
            ReplicaId previous = context.self();
            long incarnation = Identity.newIncarnation(previous.incarnation(), random);
            ReplicaId renewed = new ReplicaId(previous.nodeId(), incarnation);
            context.setSelf(renewed);
            LOG.warn("{}: taking incarnation {} because {}", previous, renewed.incarnationHex(), reason);
            return renewed;
        });
    }

    /** Writes a record of the peers column family (acknowledgements, children), optionally synced. */
    public CompletableFuture<Void> putPeerRecord(byte[] key, byte[] value, boolean sync) {
        byte[] keyCopy = key.clone();
        byte[] valueCopy = value.clone();
        return writer.submit(context -> {
            if (sync) {
                context.requireSync();
            }
            context.put(Column.PEERS, keyCopy, valueCopy);
            return null;
        });
    }

    /** Writes a metadata record (bootstrap progress), synced. */
    public CompletableFuture<Void> putMeta(String name, byte[] value) {
        byte[] key = MetaCodec.key(name);
        byte[] valueCopy = value == null ? null : value.clone();
        return writer.submit(context -> {
            context.requireSync();
            if (valueCopy == null) {
                context.delete(Column.META, key);
            } else {
                context.put(Column.META, key, valueCopy);
            }
            return null;
        });
    }

    /** Returns what the ancestors of this node acknowledged, as last recorded. */
    public AckChain ackChain() {
        byte[] bytes = kv.get(Column.META, MetaCodec.PARENT_ACKS);
        if (bytes == null) {
            return AckChain.NONE;
        }
        try {
            return AckChain.fromProto(dev.tillsync.proto.v1.AckProto.parseFrom(bytes));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new StoreException(StoreException.Reason.CORRUPTION, "", "stored acknowledgements of "
                    + location() + " are not a valid AckProto: the data directory is damaged", e);
        }
    }

    /**
     * Records what the ancestors acknowledged. Not synced by default: after a crash the parent
     * acknowledges again.
     */
    public CompletableFuture<Void> putAckChain(AckChain chain) {
        byte[] bytes = chain.toProto().toByteArray();
        return writer.submit(context -> {
            context.put(Column.META, MetaCodec.PARENT_ACKS, bytes);
            return null;
        });
    }

    public byte[] meta(String name) {
        return kv.get(Column.META, MetaCodec.key(name));
    }

    public byte[] peerRecord(byte[] key) {
        return kv.get(Column.PEERS, key);
    }

    /** Returns a consistent view for reading a snapshot to send; close it when done. */
    public StateReader.Snapshot snapshot() {
        return reader.snapshot();
    }

    /** Returns the events recorded here, in order per replica, that {@code filter} accepts. */
    public List<Event> events(Predicate<Event> filter) {
        List<Event> events = new ArrayList<>();
        reader.forEachEvent(event -> {
            if (filter.test(event)) {
                events.add(event);
            }
            return true;
        });
        return events;
    }

    /** Stops the writer (failing requests still queued) and closes the database. */
    @Override
    public void close() {
        writer.close();
        kv.close();
    }
}
