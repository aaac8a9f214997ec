package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The CRDT laws for {@link GCounter}, and the counter's value once replicas converge. */
class GCounterProperties extends CrdtLaws<GCounter> {

    @Override
    protected Gen<History<GCounter>> histories() {
        return CrdtGenerators.gCounterHistories();
    }

    @Override
    protected Gen<Mutator<GCounter>> mutators() {
        return CrdtGenerators.gCounterIncrements();
    }

    /** Each entry of a ⊔ b is the greater of the two entries. */
    @Test
    void mergeIsPointwiseMaximum() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            GCounter a = states.get(0);
            GCounter b = states.get(1);

            GCounter merged = a.merge(b);

            for (ReplicaId replica : CrdtGenerators.replicaUniverse()) {
                assertThat(merged.get(replica)).isEqualTo(Math.max(a.get(replica), b.get(replica)));
            }
        });
    }

    /** Once every delta arrives, the value is the sum of every increment of the history, each counted once. */
    @Test
    void valueEqualsSumOfIncrementsOnceConverged() {
        qt().forAll(histories()).checkAssert(history -> {
            long expected = history.updates().stream()
                    .mapToLong(update -> ((CrdtGenerators.GCounterIncrement) update.mutator()).amount())
                    .sum();

            long value = history.mergeOfAll().value();

            assertThat(value).isEqualTo(expected);
        });
    }
}
