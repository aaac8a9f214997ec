package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The CRDT laws for {@link VersionVector}, and the agreement of its merge with {@code dominates} and
 * {@code compare}.
 */
class VersionVectorProperties extends CrdtLaws<VersionVector> {

    @Override
    protected Gen<History<VersionVector>> histories() {
        return CrdtGenerators.versionVectorHistories();
    }

    @Override
    protected Gen<Mutator<VersionVector>> mutators() {
        return CrdtGenerators.vectorAdvances();
    }

    /** Each counter of a ⊔ b is the greater of the two counters, a missing one counting as 0. */
    @Test
    void mergeIsPointwiseMaximum() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            VersionVector a = states.get(0);
            VersionVector b = states.get(1);

            VersionVector merged = a.merge(b);

            for (ReplicaId replica : CrdtGenerators.replicaUniverse()) {
                assertThat(merged.get(replica)).isEqualTo(Math.max(a.get(replica), b.get(replica)));
            }
        });
    }

    /** a dominates b exactly when a ⊔ b = a. */
    @Test
    void dominatesAgreesWithMerge() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            VersionVector a = states.get(0);
            VersionVector b = states.get(1);

            boolean dominates = a.dominates(b);

            assertThat(dominates).isEqualTo(a.merge(b).equals(a));
        });
    }

    /**
     * a.compare(b) is EQUAL when a = b, AFTER when a ⊔ b = a ≠ b, BEFORE when a ⊔ b = b ≠ a, and
     * CONCURRENT when a ⊔ b is neither; b.compare(a) is its mirror image.
     */
    @Test
    void compareAgreesWithMerge() {
        qt().forAll(concurrentStates(2)).checkAssert(states -> {
            VersionVector a = states.get(0);
            VersionVector b = states.get(1);
            VersionVector merged = a.merge(b);

            Causality causality = a.compare(b);

            assertThat(causality).isEqualTo(expectedCausality(a, b, merged));
            assertThat(b.compare(a)).isEqualTo(mirror(causality));
        });
    }

    private static Causality expectedCausality(VersionVector a, VersionVector b, VersionVector merged) {
        if (a.equals(b)) {
            return Causality.EQUAL;
        }
        if (merged.equals(a)) {
            return Causality.AFTER;
        }
        return merged.equals(b) ? Causality.BEFORE : Causality.CONCURRENT;
    }

    private static Causality mirror(Causality causality) {
        return switch (causality) {
            case BEFORE -> Causality.AFTER;
            case AFTER -> Causality.BEFORE;
            default -> causality;
        };
    }
}
