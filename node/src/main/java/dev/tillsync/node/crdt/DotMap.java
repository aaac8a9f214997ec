package dev.tillsync.node.crdt;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A grow-only map of immutable values keyed by {@link Dot}: the set of events of a node. Merge is
 * the union, so a retried or duplicated delivery changes nothing.
 *
 * <p>A replica issues each dot once, so two replicas never hold different values under one dot.
 * Should a broken replica do it anyway, merge keeps the greater value, which keeps merge
 * deterministic. Immutable and thread-safe.
 *
 * @param <E> the value, such as an event; immutable, with a total order consistent with equals
 */
public final class DotMap<E extends Comparable<? super E>> implements Crdt<DotMap<E>> {

    private final NavigableMap<Dot, E> values;

    private DotMap(NavigableMap<Dot, E> values) {
        this.values = Collections.unmodifiableNavigableMap(values);
    }

    /** Returns the map without dots: the identity of {@link #merge}. */
    public static <E extends Comparable<? super E>> DotMap<E> empty() {
        return new DotMap<E>(new TreeMap<Dot, E>());
    }

    public static <E extends Comparable<? super E>> DotMap<E> of(Map<Dot, E> values) {
        NavigableMap<Dot, E> copy = new TreeMap<>();
        values.forEach((dot, value) -> copy.put(Objects.requireNonNull(dot, "dot"),
                Objects.requireNonNull(value, "value")));
        return new DotMap<>(copy);
    }

    /** Returns the delta of adding {@code value} under {@code dot}: a map with that one entry. */
    public DotMap<E> addDelta(Dot dot, E value) {
        NavigableMap<Dot, E> delta = new TreeMap<>();
        delta.put(Objects.requireNonNull(dot, "dot"), Objects.requireNonNull(value, "value"));
        return new DotMap<>(delta);
    }

    public Optional<E> get(Dot dot) {
        return Optional.ofNullable(values.get(dot));
    }

    public boolean contains(Dot dot) {
        return values.containsKey(dot);
    }

    public int size() {
        return values.size();
    }

    /** Returns the entries, sorted by dot. */
    public NavigableMap<Dot, E> values() {
        return values;
    }

    /** Returns, for each replica, the highest counter up to which this map holds every dot. */
    public VersionVector contiguousVector() {
        Map<ReplicaId, Long> counters = new TreeMap<>();
        for (Dot dot : values.keySet()) {
            long next = counters.getOrDefault(dot.replica(), 0L) + 1;
            if (dot.counter() == next) {
                counters.put(dot.replica(), next);
            }
        }
        return VersionVector.of(counters);
    }

    @Override
    public DotMap<E> merge(DotMap<E> other) {
        if (other.values.isEmpty() || other == this) {
            return this;
        }
        NavigableMap<Dot, E> merged = new TreeMap<>(values);
        other.values.forEach((dot, value) -> merged.merge(dot, value, DotMap::greater));
        return new DotMap<>(merged);
    }

    @Override
    public boolean isSubsumedBy(DotMap<E> other) {
        for (Map.Entry<Dot, E> entry : values.entrySet()) {
            E theirs = other.values.get(entry.getKey());
            if (theirs == null || theirs.compareTo(entry.getValue()) < 0) {
                return false;
            }
        }
        return true;
    }

    private static <E extends Comparable<? super E>> E greater(E a, E b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DotMap<?> other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "DotMap" + values;
    }
}
