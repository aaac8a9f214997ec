package dev.tillsync.node.net;

import java.util.random.RandomGenerator;

/**
 * Delays between reconnection attempts: exponential from a base to a cap, with full jitter (each
 * delay is uniform between half the exponential value and the value), reset after a success.
 * Not thread-safe.
 */
public final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempts;

    public Backoff(long baseMillis, long capMillis, RandomGenerator random) {
        if (baseMillis < 1 || capMillis < baseMillis) {
            throw new IllegalArgumentException("backoff: base " + baseMillis + " ms, cap " + capMillis
                    + " ms (expected: 1 <= base <= cap)");
        }
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
        this.random = random;
    }

    /** Returns the delay before the next attempt and counts the attempt. */
    public long nextDelayMillis() {
        long exponential = baseMillis << Math.min(attempts, 30);
        long ceiling = Math.min(capMillis, exponential < 0 ? capMillis : exponential);
        attempts++;
        long floor = ceiling / 2;
        return floor + random.nextLong(ceiling - floor + 1);
    }

    /** Returns the cap of the delays, in milliseconds. */
    public long maxDelayMillis() {
        return capMillis;
    }

    /** Returns the number of attempts since the last reset. */
    public int attempts() {
        return attempts;
    }

    public void reset() {
        attempts = 0;
    }
}
