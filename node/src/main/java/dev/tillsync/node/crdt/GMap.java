package dev.tillsync.node.crdt;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A grow-only map whose values are themselves CRDTs: merge is the union of the keys, merging the
 * values of keys present on both sides. The stock of a store is a {@code GMap} from SKU to
 * {@link PNCounter}. Immutable and thread-safe.
 *
 * @param <K> the key
 * @param <V> the value type, a CRDT
 */
public final class GMap<K extends Comparable<? super K>, V extends Crdt<V>> implements Crdt<GMap<K, V>> {

    private final NavigableMap<K, V> values;

    private GMap(NavigableMap<K, V> values) {
        this.values = Collections.unmodifiableNavigableMap(values);
    }

    /** Returns the map without keys: the identity of {@link #merge}. */
    public static <K extends Comparable<? super K>, V extends Crdt<V>> GMap<K, V> empty() {
        return new GMap<K, V>(new TreeMap<K, V>());
    }

    public static <K extends Comparable<? super K>, V extends Crdt<V>> GMap<K, V> of(Map<K, V> values) {
        NavigableMap<K, V> copy = new TreeMap<>();
        values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(value, "value")));
        return new GMap<>(copy);
    }

    /**
     * Returns the delta of merging {@code valueDelta} into the value under {@code key}: a map with
     * that one entry. {@code valueDelta} is typically the delta of a mutator of the value type.
     */
    public GMap<K, V> updateDelta(K key, V valueDelta) {
        NavigableMap<K, V> delta = new TreeMap<>();
        delta.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(valueDelta, "valueDelta"));
        return new GMap<>(delta);
    }

    public Optional<V> get(K key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Returns the entries, sorted by key. */
    public NavigableMap<K, V> values() {
        return values;
    }

    @Override
    public GMap<K, V> merge(GMap<K, V> other) {
        if (other.values.isEmpty() || other == this) {
            return this;
        }
        NavigableMap<K, V> merged = new TreeMap<>(values);
        other.values.forEach((key, value) -> merged.merge(key, value, Crdt::merge));
        return new GMap<>(merged);
    }

    @Override
    public boolean isSubsumedBy(GMap<K, V> other) {
        for (Map.Entry<K, V> entry : values.entrySet()) {
            V theirs = other.values.get(entry.getKey());
            if (theirs == null || !entry.getValue().isSubsumedBy(theirs)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GMap<?, ?> other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "GMap" + values;
    }
}
