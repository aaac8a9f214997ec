package dev.tillsync.node.crdt;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A map of {@link LwwRegister}s: merge merges the registers key by key, so concurrent writes to
 * one key resolve as in the register and writes to different keys never conflict. Keys cannot be
 * removed. Immutable and thread-safe.
 *
 * @param <K> the key, such as a SKU
 * @param <V> the value, such as a price
 */
public final class LwwMap<K extends Comparable<? super K>, V extends Comparable<? super V>>
        implements Crdt<LwwMap<K, V>> {

    private final NavigableMap<K, LwwRegister<V>> registers;

    private LwwMap(NavigableMap<K, LwwRegister<V>> registers) {
        this.registers = Collections.unmodifiableNavigableMap(registers);
    }

    /** Returns the map without keys: the identity of {@link #merge}. */
    public static <K extends Comparable<? super K>, V extends Comparable<? super V>> LwwMap<K, V> empty() {
        return new LwwMap<K, V>(new TreeMap<K, LwwRegister<V>>());
    }

    public static <K extends Comparable<? super K>, V extends Comparable<? super V>> LwwMap<K, V> of(
            Map<K, LwwRegister<V>> registers) {
        NavigableMap<K, LwwRegister<V>> copy = new TreeMap<>();
        registers.forEach((key, register) -> copy.put(Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(register, "register")));
        return new LwwMap<>(copy);
    }

    /** Returns the delta of writing {@code value} under {@code key}: a map with that one register. */
    public LwwMap<K, V> putDelta(K key, V value, Timestamp timestamp, ReplicaId self) {
        NavigableMap<K, LwwRegister<V>> delta = new TreeMap<>();
        delta.put(Objects.requireNonNull(key, "key"), LwwRegister.of(value, timestamp, self));
        return new LwwMap<>(delta);
    }

    /** Returns the current value under {@code key}. */
    public Optional<V> get(K key) {
        LwwRegister<V> register = registers.get(key);
        return register == null ? Optional.empty() : Optional.of(register.value());
    }

    /** Returns the register under {@code key}, with its timestamp and writer. */
    public Optional<LwwRegister<V>> register(K key) {
        return Optional.ofNullable(registers.get(key));
    }

    /** Returns the registers, sorted by key. */
    public NavigableMap<K, LwwRegister<V>> registers() {
        return registers;
    }

    @Override
    public LwwMap<K, V> merge(LwwMap<K, V> other) {
        if (other.registers.isEmpty() || other == this) {
            return this;
        }
        NavigableMap<K, LwwRegister<V>> merged = new TreeMap<>(registers);
        other.registers.forEach((key, register) -> merged.merge(key, register, LwwRegister::merge));
        return new LwwMap<>(merged);
    }

    @Override
    public boolean isSubsumedBy(LwwMap<K, V> other) {
        for (Map.Entry<K, LwwRegister<V>> entry : registers.entrySet()) {
            LwwRegister<V> theirs = other.registers.get(entry.getKey());
            if (theirs == null || !entry.getValue().isSubsumedBy(theirs)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwwMap<?, ?> other && registers.equals(other.registers);
    }

    @Override
    public int hashCode() {
        return registers.hashCode();
    }

    @Override
    public String toString() {
        return "LwwMap" + registers;
    }
}
