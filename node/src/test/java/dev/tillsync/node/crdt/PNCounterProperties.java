package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The CRDT laws for {@link PNCounter}, the stock counter, and its value once replicas converge. */
class PNCounterProperties extends CrdtLaws<PNCounter> {

    @Override
    protected Gen<History<PNCounter>> histories() {
        return CrdtGenerators.pnCounterHistories();
    }

    @Override
    protected Gen<Mutator<PNCounter>> mutators() {
        return CrdtGenerators.pnCounterAdds();
    }

    /**
     * Once every delta arrives, the value is the sum of every addition of the history, negative ones
     * included, each counted once. The value may be below zero.
     */
    @Test
    void stockEqualsIncrementsMinusDecrements() {
        qt().forAll(histories()).checkAssert(history -> {
            long expected = history.updates().stream()
                    .mapToLong(update -> ((CrdtGenerators.PNCounterAdd) update.mutator()).amount())
                    .sum();

            PNCounter converged = history.mergeOfAll();

            assertThat(converged.value()).isEqualTo(expected);
            assertThat(converged.value())
                    .isEqualTo(converged.increments().value() - converged.decrements().value());
        });
    }
}
