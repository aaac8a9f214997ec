package dev.tillsync.node.event;

/**
 * The largest values one event may carry. The point of sale rejects a request beyond them, and a
 * node rejects an event beyond them that a peer sends, as a malformed message.
 */
public final class Limits {

    /**
     * The maximum number of units one sale or return line, stock receipt or stock adjustment may move, either
     * way. It keeps every stock sum of one event far below {@link Long#MAX_VALUE}: 10,000 lines of
     * this size sum to 10^13.
     */
    public static final long MAX_QUANTITY = 1_000_000_000L;

    private Limits() {
    }

    /** Returns true if {@code quantity} is within {@link #MAX_QUANTITY} either way. */
    public static boolean isQuantityWithinLimit(long quantity) {
        return quantity >= -MAX_QUANTITY && quantity <= MAX_QUANTITY;
    }
}
