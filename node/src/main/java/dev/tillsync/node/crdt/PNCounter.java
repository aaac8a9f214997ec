package dev.tillsync.node.crdt;

import java.util.Objects;

/**
 * A counter that goes up and down: two {@link GCounter}s, one of increments and one of
 * decrements. The value is their difference and may be negative (stock sold below zero while
 * offline). Merge merges both halves. Immutable and thread-safe.
 */
public final class PNCounter implements Crdt<PNCounter> {

    private static final PNCounter EMPTY = new PNCounter(GCounter.empty(), GCounter.empty());

    private final GCounter increments;
    private final GCounter decrements;

    private PNCounter(GCounter increments, GCounter decrements) {
        this.increments = increments;
        this.decrements = decrements;
    }

    /** Returns the counter at zero: the identity of {@link #merge}. */
    public static PNCounter empty() {
        return EMPTY;
    }

    public static PNCounter of(GCounter increments, GCounter decrements) {
        return new PNCounter(Objects.requireNonNull(increments, "increments"),
                Objects.requireNonNull(decrements, "decrements"));
    }

    /** Returns the delta of adding {@code amount} (positive) at {@code self}. */
    public PNCounter incrementDelta(ReplicaId self, long amount) {
        return new PNCounter(increments.incrementDelta(self, amount), GCounter.empty());
    }

    /** Returns the delta of taking {@code amount} (positive) away at {@code self}. */
    public PNCounter decrementDelta(ReplicaId self, long amount) {
        return new PNCounter(GCounter.empty(), decrements.incrementDelta(self, amount));
    }

    /**
     * Returns the delta of adding {@code amount} at {@code self}: an increment when it is positive,
     * a decrement when it is negative, the empty counter when it is zero.
     */
    public PNCounter addDelta(ReplicaId self, long amount) {
        if (amount == 0) {
            return EMPTY;
        }
        return amount > 0 ? incrementDelta(self, amount) : decrementDelta(self, Math.negateExact(amount));
    }

    /**
     * Returns increments minus decrements.
     *
     * @throws ArithmeticException if the value overflows a long
     */
    public long value() {
        return Math.subtractExact(increments.value(), decrements.value());
    }

    public GCounter increments() {
        return increments;
    }

    public GCounter decrements() {
        return decrements;
    }

    @Override
    public PNCounter merge(PNCounter other) {
        if (other == this) {
            return this;
        }
        return new PNCounter(increments.merge(other.increments), decrements.merge(other.decrements));
    }

    @Override
    public boolean isSubsumedBy(PNCounter other) {
        return increments.isSubsumedBy(other.increments) && decrements.isSubsumedBy(other.decrements);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PNCounter other && increments.equals(other.increments)
                && decrements.equals(other.decrements);
    }

    @Override
    public int hashCode() {
        return 31 * increments.hashCode() + decrements.hashCode();
    }

    @Override
    public String toString() {
        return "PNCounter[+" + increments.entries() + ", -" + decrements.entries() + "]";
    }
}
