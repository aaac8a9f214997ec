package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The laws that every CRDT type obeys, checked on states that simulated concurrent histories of the
 * type reach (see {@link History}). Each type's {@code ...Properties} class extends this one, names
 * its histories and mutators, and adds the laws of its own.
 *
 * <p>In the method docs, {@code ⊔} is {@code merge} and {@code ⊑} is {@code isSubsumedBy}.
 *
 * @param <T> the CRDT type
 */
@ExtendWith(Theories.class)
public abstract class CrdtLaws<T extends Crdt<T>> {

    /** Returns the histories whose states the laws are checked on. */
    protected abstract Gen<History<T>> histories();

    /** Returns the updates that the delta laws apply. */
    protected abstract Gen<Mutator<T>> mutators();

    /** Returns {@code count} states held by one history, repeats allowed. */
    protected final Gen<List<T>> concurrentStates(int count) {
        return CrdtGenerators.concurrentStates(histories(), count);
    }

    /** a ⊔ b = b ⊔ a. */
    @Test
    void mergeIsCommutative() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            T a = states.get(0);
            T b = states.get(1);

            assertThat(a.merge(b)).isEqualTo(b.merge(a));
        });
    }

    /** (a ⊔ b) ⊔ c = a ⊔ (b ⊔ c). */
    @Test
    void mergeIsAssociative() {
        qt().forAll(concurrentStates(3)).checkAssert(states -> {
            T a = states.get(0);
            T b = states.get(1);
            T c = states.get(2);

            assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
        });
    }

    /** a ⊔ a = a, and (a ⊔ b) ⊔ b = a ⊔ b. */
    @Test
    void mergeIsIdempotent() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            T a = states.get(0);
            T b = states.get(1);

            T merged = a.merge(b);

            assertThat(a.merge(a)).isEqualTo(a);
            assertThat(merged.merge(b)).isEqualTo(merged);
        });
    }

    /** initial ⊔ s = s = s ⊔ initial for every state s of a history that starts at {@code initial}. */
    @Test
    void initialStateIsIdentityOfMerge() {
        qt().forAll(histories().flatMap(history -> Generate.pick(history.members())
                .map(state -> new StateOf<>(history, state)))).checkAssert(drawn -> {
                    T initial = drawn.history().initial();

                    assertThat(initial.merge(drawn.state())).isEqualTo(drawn.state());
                    assertThat(drawn.state().merge(initial)).isEqualTo(drawn.state());
                });
    }

    /** a ⊑ a ⊔ b and b ⊑ a ⊔ b: a merge keeps everything either side had. */
    @Test
    void mergeSubsumesBothStates() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            T a = states.get(0);
            T b = states.get(1);

            T merged = a.merge(b);

            assertThat(a.isSubsumedBy(merged)).isTrue();
            assertThat(b.isSubsumedBy(merged)).isTrue();
        });
    }

    /** a ⊑ b exactly when a ⊔ b = b. */
    @Test
    void isSubsumedByAgreesWithMerge() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            T a = states.get(0);
            T b = states.get(1);

            boolean subsumed = a.isSubsumedBy(b);

            assertThat(subsumed).isEqualTo(a.merge(b).equals(b));
        });
    }

    /**
     * s ⊔ m.delta(s) = m.updated(s): merging a mutator's delta into the state it was computed on gives
     * the state that the update describes, computed directly from its definition.
     */
    @Test
    void deltaMergeMatchesDirectUpdate() {
        qt().forAll(updateCases()).checkAssert(update -> {
            T delta = update.delta();

            T merged = update.state().merge(delta);

            assertThat(merged).isEqualTo(update.updated());
        });
    }

    /**
     * r ⊔ m.delta(s) = r ⊔ m.updated(s) for every replica state r with s ⊑ r: a replica that already
     * has s reaches the updated state from the delta alone, so shipping the delta is enough. Here r
     * is any state of the history merged with s.
     */
    @Test
    void deltaSufficesForReplicaWithState() {
        qt().forAll(updateCases()).checkAssert(update -> {
            T replica = update.other().merge(update.state());

            T fromDelta = replica.merge(update.delta());

            assertThat(fromDelta).isEqualTo(replica.merge(update.updated()));
        });
    }

    /**
     * Once every delta of a history reaches every replica, each in its own random order, all
     * replicas are equal to the initial state merged with every delta.
     */
    @Test
    void replicasConvergeInAnyDeliveryOrder() {
        qt().forAll(histories().flatMap(history -> lists().of(CrdtGenerators.permutations(history.deltas().size()))
                .ofSize(history.replicas().size()).map(orders -> new Delivery<>(history, orders))))
                .checkAssert(delivery -> {
                    List<T> converged = delivery.deliverAll();

                    assertThat(converged).allSatisfy(state ->
                            assertThat(state).isEqualTo(delivery.history().mergeOfAll()));
                });
    }

    private Gen<UpdateCase<T>> updateCases() {
        return histories().flatMap(history -> Generate.pick(history.members()).zip(Generate.pick(history.members()),
                Generate.pick(history.replicas()), CrdtGenerators.timestamps(), mutators(), UpdateCase::new));
    }

    /** A state drawn from a history, shown with the history's script when a law fails. */
    record StateOf<T extends Crdt<T>>(History<T> history, T state) {
    }

    /**
     * An update of {@code state} by {@code self} at {@code now}, with {@code other}, another state of
     * the same history.
     */
    record UpdateCase<T extends Crdt<T>>(T state, T other, ReplicaId self, Timestamp now, Mutator<T> mutator) {

        T delta() {
            return mutator.delta(state, self, now);
        }

        T updated() {
            return mutator.updated(state, self, now);
        }
    }

    /** A history with, for each replica, the order in which it receives every delta of the history. */
    record Delivery<T extends Crdt<T>>(History<T> history, List<List<Integer>> orders) {

        List<T> deliverAll() {
            List<T> converged = new ArrayList<>();
            for (int replica = 0; replica < orders.size(); replica++) {
                T state = history.states().get(replica);
                for (int delta : orders.get(replica)) {
                    state = state.merge(history.deltas().get(delta));
                }
                converged.add(state);
            }
            return converged;
        }
    }
}
