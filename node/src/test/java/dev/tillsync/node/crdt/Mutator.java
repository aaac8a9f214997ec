package dev.tillsync.node.crdt;

/**
 * One update of a CRDT as a generator draws it: its parameters (an amount, a key, a value) without
 * the replica that makes it or the time at which it is made, which a {@link History} or a law
 * supplies.
 *
 * @param <T> the CRDT type
 */
public interface Mutator<T extends Crdt<T>> {

    /** Returns the delta that the type's delta-mutator produces for this update of {@code state}. */
    T delta(T state, ReplicaId self, Timestamp now);

    /**
     * Returns the state after this update of {@code state}, computed from the update's definition
     * without any delta or merge of the type, so that it can be compared with {@code state.merge(delta)}.
     */
    T updated(T state, ReplicaId self, Timestamp now);
}
