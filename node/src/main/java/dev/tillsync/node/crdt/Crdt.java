package dev.tillsync.node.crdt;

/**
 * A state-based CRDT: a join-semilattice whose {@link #merge} never fails on valid input.
 *
 * @param <T> the implementing type
 */
public interface Crdt<T extends Crdt<T>> {

    /**
     * Returns the least upper bound of this state and {@code other}. Commutative, associative and
     * idempotent; neither operand changes.
     */
    T merge(T other);

    /**
     * Returns true if this state is at or below {@code other} in the type's order, that is if
     * {@code this.merge(other)} equals {@code other}.
     */
    boolean isSubsumedBy(T other);
}
