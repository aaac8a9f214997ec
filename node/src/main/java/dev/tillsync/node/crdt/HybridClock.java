package dev.tillsync.node.crdt;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", OPODIS 2014).
 *
 * <p>Timestamps it issues never go backwards, even when the wall clock steps back: the physical
 * part then stays put and the logical part counts up. {@link #observe} moves the clock past a
 * remote timestamp unless that timestamp is further ahead of the wall clock than the maximum drift,
 * so one peer with a wrong clock cannot drag every clock of the chain into the future.
 * Thread-safe.
 */
public final class HybridClock {

    private final LongSupplier wallClock;
    private final long maxDriftMillis;
    private Timestamp last;

    /**
     * Creates a clock that never issues a timestamp at or below {@code floor}.
     *
     * @param wallClock      milliseconds since the epoch, such as {@code System::currentTimeMillis}
     * @param maxDriftMillis how far ahead of the wall clock a remote timestamp may be
     * @param floor          the last timestamp issued before, for example by an earlier run
     */
    public HybridClock(LongSupplier wallClock, long maxDriftMillis, Timestamp floor) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        if (maxDriftMillis < 0) {
            throw new IllegalArgumentException("maxDriftMillis: " + maxDriftMillis + " (expected: >= 0)");
        }
        this.maxDriftMillis = maxDriftMillis;
        this.last = Objects.requireNonNull(floor, "floor");
    }

    /** Returns a timestamp above every timestamp this clock issued or observed before. */
    public synchronized Timestamp now() {
        long wall = wallClock.getAsLong();
        last = wall > last.wallMillis() ? new Timestamp(wall, 0) : successor(last);
        return last;
    }

    /**
     * Moves the clock past {@code remote} and returns a timestamp above both.
     *
     * @throws ClockDriftException if {@code remote} is more than the maximum drift ahead of the
     *                             wall clock; the clock is then unchanged
     */
    public synchronized Timestamp observe(Timestamp remote) {
        long wall = wallClock.getAsLong();
        long ahead = remote.wallMillis() - wall;
        if (ahead > maxDriftMillis) {
            throw new ClockDriftException(remote, ahead, maxDriftMillis);
        }
        Timestamp latest = last.max(remote);
        last = wall > latest.wallMillis() ? new Timestamp(wall, 0) : successor(latest);
        return last;
    }

    /** Returns the last timestamp issued or observed, without moving the clock. */
    public synchronized Timestamp last() {
        return last;
    }

    /** Returns the maximum drift this clock accepts, in milliseconds. */
    public long maxDriftMillis() {
        return maxDriftMillis;
    }

    private static Timestamp successor(Timestamp t) {
        // the logical part is an unsigned 32-bit number on the wire; past its top, step the physical part
        if (t.logical() == Integer.MAX_VALUE) {
            return new Timestamp(Math.addExact(t.wallMillis(), 1), 0);
        }
        return new Timestamp(t.wallMillis(), t.logical() + 1);
    }
}
