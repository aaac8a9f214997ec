package dev.tillsync.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Whole chains under network faults: a lossy, duplicating, reordering network, silent partitions,
 * reset connections, crashes and power losses, tills joining and purges, all while tills sell and
 * stores receive stock and set prices. After the faults end and the chain settles, every node
 * agrees with the oracle; see {@link ChainChecks} for the properties and {@link SimTheory} for
 * seeds and replays.
 */
class ChainSimulationProperties {

    private static final String CLASS = "ChainSimulationProperties#";

    @Test
    void chainsConvergeUnderNetworkFaults() {
        SimTheory.Totals totals = SimTheory.check(CLASS + "chainsConvergeUnderNetworkFaults",
                ChainGenerators.chainCases(ChainGenerators.NETWORK_FAULTS), 1_000, 0.49);

        assertThat(totals.chains()).isPositive();
    }

    @Test
    void chainsOnRocksDbConvergeUnderNetworkFaults() {
        SimTheory.Totals totals = SimTheory.check(CLASS + "chainsOnRocksDbConvergeUnderNetworkFaults",
                ChainGenerators.chainCases(ChainGenerators.ROCKS_DB), 40, 0.02);

        assertThat(totals.chains()).isPositive();
    }
}
