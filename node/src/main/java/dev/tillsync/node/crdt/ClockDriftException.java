package dev.tillsync.node.crdt;

/**
 * Thrown when a remote timestamp is further ahead of the local wall clock than the maximum drift a
 * {@link HybridClock} accepts. The clock is left unchanged.
 */
public final class ClockDriftException extends RuntimeException {

    private final Timestamp remote;
    private final long aheadMillis;
    private final long maxDriftMillis;

    public ClockDriftException(Timestamp remote, long aheadMillis, long maxDriftMillis) {
        super("remote timestamp " + remote + " is " + aheadMillis + " ms ahead of the local clock (expected: at most "
                + maxDriftMillis + " ms); check the clock of the node that sent it");
        this.remote = remote;
        this.aheadMillis = aheadMillis;
        this.maxDriftMillis = maxDriftMillis;
    }

    public Timestamp remote() {
        return remote;
    }

    public long aheadMillis() {
        return aheadMillis;
    }

    public long maxDriftMillis() {
        return maxDriftMillis;
    }
}
