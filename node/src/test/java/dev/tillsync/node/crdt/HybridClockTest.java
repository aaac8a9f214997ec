package dev.tillsync.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {

    private static final long NOON = 1_291_204_800_000L;
    private static final long HOUR_MILLIS = 3_600_000L;

    @Test
    void clockStepBackKeepsTimestampsRising() {
        AtomicLong wall = new AtomicLong(NOON);
        HybridClock clock = new HybridClock(wall::get, 60_000, Timestamp.ZERO);
        Timestamp beforeStep = clock.now();

        wall.set(NOON - HOUR_MILLIS);
        Timestamp first = clock.now();
        Timestamp second = clock.now();
        wall.set(NOON + 1);
        Timestamp caughtUp = clock.now();

        assertThat(beforeStep).isEqualTo(new Timestamp(NOON, 0));
        assertThat(first).isEqualTo(new Timestamp(NOON, 1));
        assertThat(second).isEqualTo(new Timestamp(NOON, 2));
        assertThat(caughtUp).isEqualTo(new Timestamp(NOON + 1, 0));
    }

    @Test
    void restartedClockContinuesAboveItsFloor() {
        Timestamp lastBeforeRestart = new Timestamp(NOON, 7);
        HybridClock clock = new HybridClock(() -> NOON - HOUR_MILLIS, 60_000, lastBeforeRestart);

        Timestamp now = clock.now();

        assertThat(now).isEqualTo(new Timestamp(NOON, 8));
    }

    @Test
    void logicalOverflowMovesToNextMillisecond() {
        HybridClock clock = new HybridClock(() -> NOON, 60_000, new Timestamp(NOON, Integer.MAX_VALUE));

        Timestamp now = clock.now();

        assertThat(now).isEqualTo(new Timestamp(NOON + 1, 0));
    }

    @Test
    void observeMovesPastRemoteTimestampWithinDrift() {
        HybridClock clock = new HybridClock(() -> NOON, 60_000, Timestamp.ZERO);
        Timestamp remote = new Timestamp(NOON + 30_000, 4);

        Timestamp observed = clock.observe(remote);

        assertThat(observed).isEqualTo(new Timestamp(NOON + 30_000, 5));
        assertThat(clock.now()).isEqualTo(new Timestamp(NOON + 30_000, 6));
    }

    @Test
    void observeRejectsTimestampBeyondMaxDrift() {
        HybridClock clock = new HybridClock(() -> NOON, 60_000, Timestamp.ZERO);
        Timestamp before = clock.now();
        Timestamp remote = new Timestamp(NOON + HOUR_MILLIS, 0);

        assertThatExceptionOfType(ClockDriftException.class)
                .isThrownBy(() -> clock.observe(remote))
                .withMessageContaining("3600000 ms ahead")
                .withMessageContaining("at most 60000 ms");
        assertThat(clock.last()).isEqualTo(before);
    }
}
