package dev.tillsync.node.crdt;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A grow-only counter: one non-negative entry per replica, each raised only by its own replica.
 * The value is the sum of the entries; merge is the pointwise maximum (Shapiro et al., "A
 * comprehensive study of Convergent and Commutative Replicated Data Types", INRIA RR-7506, 2011).
 * Immutable and thread-safe.
 */
public final class GCounter implements Crdt<GCounter> {

    private static final GCounter EMPTY = new GCounter(new TreeMap<>());

    private final NavigableMap<ReplicaId, Long> entries;

    private GCounter(NavigableMap<ReplicaId, Long> entries) {
        this.entries = Collections.unmodifiableNavigableMap(entries);
    }

    /** Returns the counter at zero: the identity of {@link #merge}. */
    public static GCounter empty() {
        return EMPTY;
    }

    /**
     * Returns a counter with the given entries; entries of 0 are left out.
     *
     * @throws IllegalArgumentException if an entry is negative
     */
    public static GCounter of(Map<ReplicaId, Long> entries) {
        NavigableMap<ReplicaId, Long> copy = new TreeMap<>();
        entries.forEach((replica, value) -> {
            Objects.requireNonNull(replica, "replica");
            if (value < 0) {
                throw new IllegalArgumentException("entry of " + replica + ": " + value + " (expected: >= 0)");
            }
            if (value > 0) {
                copy.put(replica, value);
            }
        });
        return copy.isEmpty() ? EMPTY : new GCounter(copy);
    }

    /**
     * Returns the delta of adding {@code amount} at {@code self}: a counter holding only the new
     * entry of {@code self}.
     *
     * @throws IllegalArgumentException if {@code amount} is not positive
     * @throws ArithmeticException      if the entry would overflow
     */
    public GCounter incrementDelta(ReplicaId self, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount: " + amount + " (expected: > 0)");
        }
        NavigableMap<ReplicaId, Long> delta = new TreeMap<>();
        delta.put(self, Math.addExact(get(self), amount));
        return new GCounter(delta);
    }

    /**
     * Returns the sum of the entries.
     *
     * @throws ArithmeticException if the sum overflows a long
     */
    public long value() {
        long sum = 0;
        for (long v : entries.values()) {
            sum = Math.addExact(sum, v);
        }
        return sum;
    }

    /** Returns the entry of {@code replica}, 0 if none. */
    public long get(ReplicaId replica) {
        return entries.getOrDefault(replica, 0L);
    }

    /** Returns the entries, sorted by replica, without zeros. */
    public NavigableMap<ReplicaId, Long> entries() {
        return entries;
    }

    @Override
    public GCounter merge(GCounter other) {
        if (other.entries.isEmpty() || other == this) {
            return this;
        }
        if (entries.isEmpty()) {
            return other;
        }
        NavigableMap<ReplicaId, Long> merged = new TreeMap<>(entries);
        other.entries.forEach((replica, value) -> merged.merge(replica, value, Math::max));
        return new GCounter(merged);
    }

    @Override
    public boolean isSubsumedBy(GCounter other) {
        for (Map.Entry<ReplicaId, Long> entry : entries.entrySet()) {
            if (other.get(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GCounter other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "GCounter" + entries;
    }
}
