package dev.tillsync.node.crdt;

/**
 * A hybrid-logical-clock timestamp: a physical part in milliseconds since the epoch and a logical
 * part that orders timestamps sharing the same physical part. Ordered by physical, then logical.
 *
 * @param wallMillis milliseconds since 1970-01-01T00:00:00Z
 * @param logical    a counter from 0, read as an unsigned 32-bit number on the wire
 */
public record Timestamp(long wallMillis, int logical) implements Comparable<Timestamp> {

    /** The timestamp below every timestamp a clock issues. */
    public static final Timestamp ZERO = new Timestamp(0, 0);

    public Timestamp {
        if (logical < 0) {
            throw new IllegalArgumentException("logical: " + logical + " (expected: >= 0)");
        }
    }

    @Override
    public int compareTo(Timestamp other) {
        int byWall = Long.compare(wallMillis, other.wallMillis);
        return byWall != 0 ? byWall : Integer.compare(logical, other.logical);
    }

    /** Returns the later of this timestamp and {@code other}. */
    public Timestamp max(Timestamp other) {
        return compareTo(other) >= 0 ? this : other;
    }

    @Override
    public String toString() {
        return wallMillis + "." + logical;
    }
}
