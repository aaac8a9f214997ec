package dev.tillsync.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaIdTest {

    @Test
    void hexKeepsLeadingZeros() {
        assertThat(ReplicaId.hex(0x08f37454db42e18aL)).isEqualTo("08f37454db42e18a");
        assertThat(ReplicaId.hex(1)).isEqualTo("0000000000000001");
        assertThat(ReplicaId.hex(-1)).isEqualTo("ffffffffffffffff");
    }

    @Test
    void toStringNamesNodeAndPaddedIncarnation() {
        assertThat(new ReplicaId("uk/till-1", 0x0aL).toString()).isEqualTo("uk/till-1#000000000000000a");
    }
}
