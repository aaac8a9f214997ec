package dev.tillsync.node.sim;

import dev.tillsync.proto.v1.FrameProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A simulated network between nodes: every frame gets a delay, and with the configured
 * probabilities it is lost, duplicated or delayed past later frames (reordered). A partition
 * between two nodes cuts their links and refuses new ones until it heals. All randomness comes from
 * one seeded {@link Random}.
 */
public final class SimNetwork {

    /** Fault probabilities, each between 0 and 1, and delays in milliseconds. */
    public record Faults(double loss, double duplication, double reordering, long minDelayMillis,
                         long maxDelayMillis) {

        public static final Faults NONE = new Faults(0, 0, 0, 1, 5);
    }

    private final SimScheduler scheduler;
    private final Random random;
    private Faults faults = Faults.NONE;
    private final Set<String> partitioned = new HashSet<>();
    private final Map<SimLink, Long> lastArrival = new HashMap<>();
    private long framesSent;
    private long bytesSent;

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

    /** Returns a connected pair of link ends, unless a partition separates the two nodes. */
    SimLink[] connect(String from, String to) {
        if (isPartitioned(from, to)) {
            return null;
        }
        SimLink a = new SimLink(this, from);
        SimLink b = new SimLink(this, to);
        SimLink.pair(a, b);
        return new SimLink[] {a, b};
    }

    public void partition(String a, String b) {
        partitioned.add(key(a, b));
    }

    public void heal(String a, String b) {
        partitioned.remove(key(a, b));
    }

    public void healAll() {
        partitioned.clear();
    }

    public boolean isPartitioned(String a, String b) {
        return partitioned.contains(key(a, b));
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    void transmit(SimLink from, SimLink to, FrameProto frame) {
        framesSent++;
        bytesSent += frame.getSerializedSize();
        if (random.nextDouble() < faults.loss()) {
            return;
        }
        deliverLater(to, frame, random.nextDouble() < faults.reordering());
        if (random.nextDouble() < faults.duplication()) {
            deliverLater(to, frame, true);
        }
    }

    /** Sends a frame that must arrive before the link closes (an error frame). */
    void transmitLast(SimLink from, SimLink to, FrameProto frame) {
        deliverLater(to, frame, false);
    }

    private void deliverLater(SimLink to, FrameProto frame, boolean outOfOrder) {
        long delay = delay();
        long arrival = scheduler.currentTimeMillis() + delay;
        if (outOfOrder) {
            arrival += faults.maxDelayMillis() * 3L;
        } else {
            arrival = Math.max(arrival, lastArrival.getOrDefault(to, 0L));
            lastArrival.put(to, arrival);
        }
        scheduler.schedule(arrival - scheduler.currentTimeMillis(), () -> to.deliver(frame));
    }

    /** Closes the far end after the frames already on their way arrive. */
    void closeLater(SimLink to) {
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
}
