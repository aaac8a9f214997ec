package dev.tillsync.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Whole chains through recoveries: tills restored from older backups of themselves, tills started
 * on copies of other tills' data, clocks that are skewed or jump far ahead, tills bootstrapping
 * while their link flaps, and purges. After the faults end and the chain settles, every node
 * agrees with the oracle, and nothing is lost but the events a restore had to lose; see
 * {@link ChainChecks} for the properties and {@link SimTheory} for seeds and replays.
 */
class ChainRecoveryProperties {

    private static final String CLASS = "ChainRecoveryProperties#";

    @Test
    void chainsConvergeAfterRestoresCopiesAndClockJumps() {
        SimTheory.Totals totals = SimTheory.check(CLASS + "chainsConvergeAfterRestoresCopiesAndClockJumps",
                ChainGenerators.chainCases(ChainGenerators.RECOVERY), 1_000, 0.49);

        assertThat(totals.chains()).isPositive();
    }

    /** A schedule run twice runs the same way: the same frames, virtual time and final states. */
    @Test
    void sameScheduleRunsTheSameWayTwice() {
        SimTheory.Totals totals = SimTheory.check(CLASS + "sameScheduleRunsTheSameWayTwice",
                ChainGenerators.chainCases(ChainGenerators.RECOVERY), 20, 0, chain -> {
                    ChainRun.Outcome first = SimTheory.run(chain);
                    ChainRun.Outcome second = SimTheory.run(chain);
                    assertThat(second).isEqualTo(first);
                    return first;
                });

        assertThat(totals.chains()).isPositive();
    }
}
