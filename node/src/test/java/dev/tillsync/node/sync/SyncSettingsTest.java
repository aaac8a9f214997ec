package dev.tillsync.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tillsync.node.event.Limits;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {

    @Test
    void defaultFrameHoldsFullBatchAndLargestEvent() {
        SyncSettings defaults = SyncSettings.defaults();

        assertThat((long) defaults.maxBatchBytes() + Limits.MAX_EVENT_BYTES + SyncSettings.FRAME_OVERHEAD_BYTES)
                .isLessThanOrEqualTo(defaults.maxFrameBytes());
    }

    @Test
    void frameWithoutRoomForLargestEventIsRejected() {
        int batchBytes = 1 << 20;

        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings(batchBytes + Limits.MAX_EVENT_BYTES, batchBytes))
                .withMessageContaining("maxBatchBytes: 1048576 (expected: at most maxFrameBytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings(4 << 20, Limits.MAX_EVENT_BYTES - 1))
                .withMessageContaining("at least the largest event");
    }

    private static SyncSettings settings(int maxFrameBytes, int maxBatchBytes) {
        return new SyncSettings(maxFrameBytes, 2_000, maxBatchBytes, 4, 2, 10_000, 2_000, 15_000, 10_000, 2_000,
                2_000, 1_000);
    }
}
