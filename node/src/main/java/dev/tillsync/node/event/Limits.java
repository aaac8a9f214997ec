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

    /** The maximum length, in characters, of a SKU, barcode, cashier, reference or receipt number. */
    public static final int MAX_CODE_LENGTH = 64;

    /** The maximum length, in characters, of a description or a stock adjustment's reason. */
    public static final int MAX_TEXT_LENGTH = 1_000;

    /**
     * The maximum size of one encoded event, in bytes. A sync batch holds events up to its byte
     * limit plus one more event, so {@code SyncSettings} requires frames to leave room for both.
     */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    private Limits() {
    }

    /** Returns true if {@code quantity} is within {@link #MAX_QUANTITY} either way. */
    public static boolean isQuantityWithinLimit(long quantity) {
        return quantity >= -MAX_QUANTITY && quantity <= MAX_QUANTITY;
    }
}
