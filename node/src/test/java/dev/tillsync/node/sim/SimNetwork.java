package dev.tillsync.node.sim;

import dev.tillsync.proto.v1.FrameProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A simulated network between nodes: every frame gets a delay, and with the configured
 * probabilities it is lost, duplicated or delayed past later frames (reordered). A partition
 * between two nodes is silent: new connections fail until it heals. The frames of links already
 * open wait, as TCP retransmits them, and arrive in order once it heals, unless a session times
 * out and closes its link first. Where faults strike inside connections, a partition drops the
 * frames instead. All randomness comes from one seeded {@link Random}.
 */
public final class SimNetwork {

    /**
     * Fault probabilities, each between 0 and 1, and delays in milliseconds.
     *
     * <p>With {@code insideConnections} false the network keeps the promise of {@link
     * dev.tillsync.node.net.Link}, as TCP does: frames of one connection arrive in order, once,
     * or not at all. A lost frame then breaks its connection: nothing more gets through, and a
     * little later both ends see a reset. Duplication and reordering do not occur.
     *
     * <p>With {@code insideConnections} true single frames are lost, duplicated and reordered while
     * their connection lives on, which TCP never does: a harsher test of how far the protocol
     * copes on its own. Frames of a snapshot exchange are lost but never duplicated or reordered.
     */
    public record Faults(double loss, double duplication, double reordering, long minDelayMillis,
                         long maxDelayMillis, boolean insideConnections) {

        public static final Faults NONE = new Faults(0, 0, 0, 1, 5, false);

        /** Returns these delays without loss, duplication or reordering. */
        public Faults withoutFaults() {
            return new Faults(0, 0, 0, minDelayMillis, maxDelayMillis, false);
        }
    }

    /** A frame, or the close of a connection when {@code frame} is null, that waits for a partition to heal. */
    private record Held(SimLink from, SimLink to, FrameProto frame, int size) {
    }

    /** Sees every frame a link end sends, before the network decides its fate. */
    @FunctionalInterface
    public interface FrameObserver {
        void sent(SimLink from, FrameProto frame);
    }

    private final SimScheduler scheduler;
    private final Random random;
    private final Set<String> partitioned = new HashSet<>();
    private final Map<SimLink, Long> lastArrival = new HashMap<>();
    private final List<Held> held = new ArrayList<>();
    private Faults faults = Faults.NONE;
    private FrameObserver observer = (from, frame) -> { };
    private long highWaterBytes = 1 << 20;
    private long framesSent;
    private long bytesSent;
    private long framesLostInsideConnections;

    public SimNetwork(SimScheduler scheduler, Random random) {
        this.scheduler = scheduler;
        this.random = random;
    }

    public SimScheduler scheduler() {
        return scheduler;
    }

    public Random random() {
        return random;
    }

    public void faults(Faults faults) {
        this.faults = faults;
    }

    public Faults faults() {
        return faults;
    }

    public void observer(FrameObserver observer) {
        this.observer = observer;
    }

    /** Sets the bytes in flight on one link end above which it reports itself not writable. */
    public void highWaterBytes(long bytes) {
        this.highWaterBytes = bytes;
    }

    long highWaterBytes() {
        return highWaterBytes;
    }

    /** Returns a connected pair of link ends, unless a partition separates the two nodes. */
    SimLink[] connect(SimNode from, SimScheduler.Process fromProcess, SimNode to, SimScheduler.Process toProcess) {
        if (isPartitioned(from.nodeId(), to.nodeId())) {
            return null;
        }
        SimLink a = new SimLink(this, from, fromProcess);
        SimLink b = new SimLink(this, to, toProcess);
        SimLink.pair(a, b);
        return new SimLink[] {a, b};
    }

    public void partition(String a, String b) {
        partitioned.add(key(a, b));
    }

    public void heal(String a, String b) {
        partitioned.remove(key(a, b));
        release();
    }

    public void healAll() {
        partitioned.clear();
        release();
    }

    /** Drops the frames a link end sent that still wait for a partition: its machine lost power. */
    void dropHeld(SimLink from) {
        held.removeIf(frame -> frame.from() == from);
    }

    /** Sends on the frames that waited for a partition that has healed, in the order they were sent. */
    private void release() {
        List<Held> waiting = new ArrayList<>(held);
        held.clear();
        for (Held frame : waiting) {
            if (isPartitioned(frame.from().name(), frame.to().name())) {
                held.add(frame);
            } else if (frame.frame() == null) {
                closeLater(frame.from(), frame.to());
            } else {
                deliverLater(frame.from(), frame.to(), frame.frame(), frame.size(), false);
            }
        }
    }

    public boolean isPartitioned(String a, String b) {
        return partitioned.contains(key(a, b));
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    void transmit(SimLink from, SimLink to, FrameProto frame) {
        framesSent++;
        int size = frame.getSerializedSize();
        bytesSent += size;
        observer.sent(from, frame);
        if (from.isBroken()) {
            return;
        }
        if (isPartitioned(from.name(), to.name())) {
            if (faults.insideConnections()) {
                framesLostInsideConnections++;
            } else {
                from.inFlight(size);
                held.add(new Held(from, to, frame, size));
            }
            return;
        }
        if (random.nextDouble() < faults.loss()) {
            if (faults.insideConnections()) {
                framesLostInsideConnections++;
            } else {
                from.breakConnection();
                scheduler.schedule(100 + random.nextInt(2_900), from::cut);
            }
            return;
        }
        from.inFlight(size);
        boolean disorder = faults.insideConnections() && !isSnapshotExchange(frame);
        deliverLater(from, to, frame, size, disorder && random.nextDouble() < faults.reordering());
        if (disorder && random.nextDouble() < faults.duplication()) {
            deliverLater(null, to, frame, size, true);
        }
    }

    /**
     * Returns true for the frames of a snapshot exchange, which are never duplicated or reordered:
     * the exchange relies on the promise of {@link dev.tillsync.node.net.Link} that frames arrive in
     * order, once. A duplicated request makes the parent open a second snapshot, and the child would
     * join parts of both, then take the vector of the older one.
     */
    private static boolean isSnapshotExchange(FrameProto frame) {
        return frame.hasSnapshotRequest() || frame.hasSnapshotChunk();
    }

    /** Sends a frame that must arrive before the link closes (an error frame). */
    void transmitLast(SimLink from, SimLink to, FrameProto frame) {
        observer.sent(from, frame);
        deliverLater(null, to, frame, 0, false);
    }

    private void deliverLater(SimLink from, SimLink to, FrameProto frame, int size, boolean outOfOrder) {
        long arrival = scheduler.currentTimeMillis() + delay();
        if (outOfOrder) {
            arrival += faults.maxDelayMillis() * 3L;
        } else {
            arrival = Math.max(arrival, lastArrival.getOrDefault(to, 0L));
            lastArrival.put(to, arrival);
        }
        scheduler.schedule(arrival - scheduler.currentTimeMillis(), () -> {
            if (from != null) {
                from.inFlight(-size);
            }
            to.deliver(frame);
        });
    }

    /**
     * Closes the far end after the frames already on their way arrive; while a partition lasts,
     * the close waits behind them.
     */
    void closeLater(SimLink from, SimLink to) {
        if (!faults.insideConnections() && isPartitioned(from.name(), to.name())) {
            held.add(new Held(from, to, null, 0));
            return;
        }
        long arrival = Math.max(scheduler.currentTimeMillis() + delay(), lastArrival.getOrDefault(to, 0L)) + 1;
        scheduler.schedule(arrival - scheduler.currentTimeMillis(), to::closeFromPeer);
    }

    private long delay() {
        long span = faults.maxDelayMillis() - faults.minDelayMillis();
        return faults.minDelayMillis() + (span <= 0 ? 0 : (long) (random.nextDouble() * (span + 1)));
    }

    public long framesSent() {
        return framesSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** Returns the frames lost while their connection lived on, which TCP never does. */
    public long framesLostInsideConnections() {
        return framesLostInsideConnections;
    }
}
