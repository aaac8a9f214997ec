package dev.tillsync.node.crdt;

import java.util.Comparator;
import java.util.Objects;

/**
 * A last-writer-wins register: a value, the hybrid-logical-clock timestamp at which it was
 * written, and the replica that wrote it.
 *
 * <p>Merge keeps the register with the greater timestamp. On equal timestamps the lower
 * {@link ReplicaId} wins, and on an equal writer too the greater value wins. A replica's clock
 * never issues a timestamp twice, so that last rule only makes merge total for states no replica
 * can produce. Every replica therefore picks the same winner whatever the delivery order.
 * Immutable and thread-safe.
 *
 * @param <V> the value; immutable, with a total order consistent with equals
 */
public final class LwwRegister<V extends Comparable<? super V>> implements Crdt<LwwRegister<V>> {

    private final V value;
    private final Timestamp timestamp;
    private final ReplicaId writer;

    private LwwRegister(V value, Timestamp timestamp, ReplicaId writer) {
        this.value = Objects.requireNonNull(value, "value");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    public static <V extends Comparable<? super V>> LwwRegister<V> of(V value, Timestamp timestamp, ReplicaId writer) {
        return new LwwRegister<>(value, timestamp, writer);
    }

    /**
     * Returns the delta of writing {@code newValue} at {@code timestamp}: a register holding the new
     * write. Merging it leaves this register unchanged if this one wins.
     */
    public LwwRegister<V> assignDelta(V newValue, Timestamp timestamp, ReplicaId self) {
        return new LwwRegister<>(newValue, timestamp, self);
    }

    public V value() {
        return value;
    }

    public Timestamp timestamp() {
        return timestamp;
    }

    public ReplicaId writer() {
        return writer;
    }

    /** Returns true if this register wins against {@code other} or equals it. */
    public boolean winsOver(LwwRegister<V> other) {
        int byTime = timestamp.compareTo(other.timestamp);
        if (byTime != 0) {
            return byTime > 0;
        }
        int byWriter = writer.compareTo(other.writer);
        if (byWriter != 0) {
            return byWriter < 0;
        }
        return Comparator.<V>naturalOrder().compare(value, other.value) >= 0;
    }

    @Override
    public LwwRegister<V> merge(LwwRegister<V> other) {
        return winsOver(other) ? this : other;
    }

    @Override
    public boolean isSubsumedBy(LwwRegister<V> other) {
        return other.winsOver(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwwRegister<?> other && value.equals(other.value) && timestamp.equals(other.timestamp)
                && writer.equals(other.writer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, timestamp, writer);
    }

    @Override
    public String toString() {
        return "LwwRegister[" + value + " @" + timestamp + " by " + writer + "]";
    }
}
