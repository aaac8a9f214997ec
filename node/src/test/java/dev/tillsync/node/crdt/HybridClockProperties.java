package dev.tillsync.node.crdt;

import static dev.tillsync.node.crdt.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of {@link HybridClock} under a wall clock that jumps back and forth by milliseconds and
 * by hours, and remote timestamps up to twice the maximum drift ahead of or behind it.
 */
@ExtendWith(Theories.class)
class HybridClockProperties {

    private static final long BASE_MILLIS = 1_291_191_960_000L;
    private static final long HOUR_MILLIS = 3_600_000L;

    /**
     * Every timestamp that now() or an accepted observe() returns is above the one before it and at or
     * above the wall clock. An accepted observe() also returns a timestamp above the remote one. A
     * remote timestamp is rejected exactly when it is more than the maximum drift ahead of the wall
     * clock.
     */
    @Test
    void timestampsNeverGoBackwards() {
        qt().forAll(clockRuns()).checkAssert(run -> {
            SteppedClock clock = run.start();

            for (Operation operation : run.operations()) {
                Timestamp before = clock.hlc().last();
                clock.setWall(operation.wallMillis());
                Timestamp remote = operation.remote();

                if (remote == null) {
                    Timestamp now = clock.hlc().now();

                    assertThat(now).isGreaterThan(before);
                    assertThat(now.wallMillis()).isGreaterThanOrEqualTo(operation.wallMillis());
                } else if (remote.wallMillis() - operation.wallMillis() > run.maxDriftMillis()) {
                    assertThatExceptionOfType(ClockDriftException.class).isThrownBy(() -> clock.hlc().observe(remote));
                    assertThat(clock.hlc().last()).isEqualTo(before);
                } else {
                    Timestamp observed = clock.hlc().observe(remote);

                    assertThat(observed).isGreaterThan(before).isGreaterThan(remote);
                    assertThat(observed.wallMillis()).isGreaterThanOrEqualTo(operation.wallMillis());
                }
            }
        });
    }

    /**
     * After any run, observe() of a remote timestamp more than the maximum drift ahead of the wall
     * clock throws ClockDriftException, which states how far ahead the timestamp was. It leaves last()
     * unchanged, so the next now() continues from the clock's own past.
     */
    @Test
    void tooDistantObserveThrowsAndKeepsClock() {
        qt().forAll(clockRuns(), longs().between(1, 2 * HOUR_MILLIS)).checkAssert((run, beyondDrift) -> {
            SteppedClock clock = run.start();
            run.operations().forEach(clock::applyQuietly);
            long wall = clock.wall();
            Timestamp before = clock.hlc().last();
            Timestamp remote = new Timestamp(wall + run.maxDriftMillis() + beyondDrift, 0);

            ClockDriftException thrown = catchThrowableOfType(ClockDriftException.class,
                    () -> clock.hlc().observe(remote));

            assertThat(thrown).isNotNull();
            assertThat(thrown.aheadMillis()).isEqualTo(run.maxDriftMillis() + beyondDrift);
            assertThat(thrown.remote()).isEqualTo(remote);
            assertThat(clock.hlc().last()).isEqualTo(before);
            assertThat(clock.hlc().now()).isGreaterThan(before);
        });
    }

    private static Gen<ClockRun> clockRuns() {
        Gen<Long> maxDrifts = Generate.frequency(List.of(Pair.of(1, Generate.constant(0L)),
                Pair.of(3, longs().between(1, 5)), Pair.of(2, longs().between(1, 2 * HOUR_MILLIS))));
        Gen<Timestamp> floors = Generate.frequency(List.of(Pair.of(1, Generate.constant(Timestamp.ZERO)),
                Pair.of(2, walls().zip(logicals(), Timestamp::new))));
        return maxDrifts.zip(floors, lists().of(operations()).ofSizeBetween(1, 40), ClockRun::new);
    }

    /** Returns readings near one instant: a few milliseconds apart, or an hour or a day either side. */
    private static Gen<Long> walls() {
        Gen<Long> jitter = longs().between(-3, 3);
        Gen<Long> hours = longs().between(-2, 2).map(count -> count * HOUR_MILLIS);
        Gen<Long> days = longs().between(-1, 1).map(count -> count * 24 * HOUR_MILLIS);
        return Generate.frequency(List.of(Pair.of(6, jitter), Pair.of(3, hours), Pair.of(1, days)))
                .map(offset -> BASE_MILLIS + offset);
    }

    /** Returns logical parts, mostly small, sometimes at the top of their range. */
    private static Gen<Integer> logicals() {
        return Generate.frequency(List.of(Pair.of(9, integers().between(0, 3)),
                Pair.of(1, Generate.constant(Integer.MAX_VALUE))));
    }

    private static Gen<Operation> operations() {
        Gen<Operation> nows = walls().map(wall -> new Operation(wall, null));
        Gen<Operation> observes = walls().zip(longs().between(-4 * HOUR_MILLIS, 4 * HOUR_MILLIS), logicals(),
                (wall, offset, logical) -> new Operation(wall, new Timestamp(wall + offset, logical)));
        Gen<Operation> nearObserves = walls().zip(longs().between(-5, 5), logicals(),
                (wall, offset, logical) -> new Operation(wall, new Timestamp(wall + offset, logical)));
        return Generate.frequency(List.of(Pair.of(4, nows), Pair.of(2, observes), Pair.of(3, nearObserves)));
    }

    /**
     * One call on the clock: now() at a wall-clock reading, or observe() of {@code remote} at it.
     *
     * @param remote the remote timestamp, or null for now()
     */
    record Operation(long wallMillis, Timestamp remote) {
    }

    /** A clock's maximum drift and floor, and the calls made on it. */
    record ClockRun(long maxDriftMillis, Timestamp floor, List<Operation> operations) {

        SteppedClock start() {
            return new SteppedClock(maxDriftMillis, floor);
        }
    }

    /** A hybrid logical clock over a wall clock that the test sets before each call. */
    static final class SteppedClock {

        private long wall;
        private final HybridClock hlc;

        SteppedClock(long maxDriftMillis, Timestamp floor) {
            this.hlc = new HybridClock(() -> wall, maxDriftMillis, floor);
        }

        HybridClock hlc() {
            return hlc;
        }

        long wall() {
            return wall;
        }

        void setWall(long wallMillis) {
            wall = wallMillis;
        }

        /** Applies {@code operation}, ignoring a rejected remote timestamp. */
        void applyQuietly(Operation operation) {
            wall = operation.wallMillis();
            if (operation.remote() == null) {
                hlc.now();
                return;
            }
            try {
                hlc.observe(operation.remote());
            } catch (ClockDriftException e) {
                // a rejected timestamp leaves the clock as it was, which the other property checks
            }
        }
    }
}
