package dev.tillsync.node.crdt;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A version vector: for each replica, the highest contiguous counter known. A missing replica
 * counts as 0.
 *
 * <p>Merge is the pointwise maximum. A vector {@linkplain #dominates dominates} another when it is
 * at or above it in every entry. Immutable and thread-safe.
 */
public final class VersionVector implements Crdt<VersionVector> {

    private static final VersionVector EMPTY = new VersionVector(new TreeMap<>());

    private final NavigableMap<ReplicaId, Long> counters;

    private VersionVector(NavigableMap<ReplicaId, Long> counters) {
        this.counters = Collections.unmodifiableNavigableMap(counters);
    }

    /** Returns the vector that knows nothing: the identity of {@link #merge}. */
    public static VersionVector empty() {
        return EMPTY;
    }

    /**
     * Returns a vector with the given counters; entries of 0 are left out.
     *
     * @throws IllegalArgumentException if a counter is negative
     */
    public static VersionVector of(Map<ReplicaId, Long> counters) {
        NavigableMap<ReplicaId, Long> copy = new TreeMap<>();
        counters.forEach((replica, counter) -> {
            Objects.requireNonNull(replica, "replica");
            if (counter < 0) {
                throw new IllegalArgumentException("counter of " + replica + ": " + counter + " (expected: >= 0)");
            }
            if (counter > 0) {
                copy.put(replica, counter);
            }
        });
        return copy.isEmpty() ? EMPTY : new VersionVector(copy);
    }

    /** Returns the highest contiguous counter known for {@code replica}, 0 if none. */
    public long get(ReplicaId replica) {
        return counters.getOrDefault(replica, 0L);
    }

    /** Returns true if the event with this dot is known. */
    public boolean contains(Dot dot) {
        return dot.counter() <= get(dot.replica());
    }

    /** Returns the entries, sorted by replica, without zeros. */
    public NavigableMap<ReplicaId, Long> counters() {
        return counters;
    }

    public boolean isEmpty() {
        return counters.isEmpty();
    }

    public int size() {
        return counters.size();
    }

    /**
     * Returns the delta that raises the entry of {@code replica} to {@code counter}: a vector with
     * that single entry, or the empty vector if this one already knows as much.
     */
    public VersionVector advanceDelta(ReplicaId replica, long counter) {
        if (counter <= get(replica)) {
            return EMPTY;
        }
        NavigableMap<ReplicaId, Long> delta = new TreeMap<>();
        delta.put(replica, counter);
        return new VersionVector(delta);
    }

    /** Returns this vector with the entry of {@code replica} raised to at least {@code counter}. */
    public VersionVector advance(ReplicaId replica, long counter) {
        return merge(advanceDelta(replica, counter));
    }

    /** Returns the entries whose replica matches {@code filter}. */
    public VersionVector restrict(Predicate<ReplicaId> filter) {
        NavigableMap<ReplicaId, Long> kept = new TreeMap<>();
        counters.forEach((replica, counter) -> {
            if (filter.test(replica)) {
                kept.put(replica, counter);
            }
        });
        return kept.size() == counters.size() ? this : new VersionVector(kept);
    }

    @Override
    public VersionVector merge(VersionVector other) {
        if (other.counters.isEmpty() || other == this) {
            return this;
        }
        if (counters.isEmpty()) {
            return other;
        }
        NavigableMap<ReplicaId, Long> merged = new TreeMap<>(counters);
        other.counters.forEach((replica, counter) -> merged.merge(replica, counter, Math::max));
        return new VersionVector(merged);
    }

    @Override
    public boolean isSubsumedBy(VersionVector other) {
        return other.dominates(this);
    }

    /** Returns true if this vector is at or above {@code other} in every entry. */
    public boolean dominates(VersionVector other) {
        for (Map.Entry<ReplicaId, Long> entry : other.counters.entrySet()) {
            if (get(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Returns how this vector relates to {@code other}. */
    public Causality compare(VersionVector other) {
        boolean atOrAbove = dominates(other);
        boolean atOrBelow = other.dominates(this);
        if (atOrAbove && atOrBelow) {
            return Causality.EQUAL;
        }
        if (atOrAbove) {
            return Causality.AFTER;
        }
        return atOrBelow ? Causality.BEFORE : Causality.CONCURRENT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector other && counters.equals(other.counters);
    }

    @Override
    public int hashCode() {
        return counters.hashCode();
    }

    @Override
    public String toString() {
        return counters.toString();
    }
}
