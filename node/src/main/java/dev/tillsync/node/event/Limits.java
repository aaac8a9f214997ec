package dev.tillsync.node.event;

/**
 * The largest values one event may carry. The point of sale rejects a request beyond them. A node
 * rejects a peer's event whose quantity is beyond {@link #MAX_QUANTITY}, as a malformed message.
 */
// NOTE: the text lengths are not checked on events received from peers. The frame size still bounds
// them, and every node of a chain runs the same point-of-sale checks.
public final class Limits {

    /**
     * The maximum number of units one sale or return line, stock receipt or stock adjustment may
     * move, either way. It keeps every stock sum of one event far below {@link Long#MAX_VALUE}: 10,000 lines of
     * this size sum to 10^13.
     */
    public static final long MAX_QUANTITY = 1_000_000_000L;

    /**
     * The maximum length, in characters (Unicode code points, as {@link #length} counts them), of a
     * SKU, barcode, cashier, reference or receipt number.
     */
    public static final int MAX_CODE_LENGTH = 64;

    /**
     * The maximum length, in characters (Unicode code points), of a description or a stock
     * adjustment's reason. At up to 4 bytes a code point in UTF-8, such a text takes at most 4,000
     * bytes, so the size of a whole event is still checked against {@link #MAX_EVENT_BYTES}.
     */
    public static final int MAX_TEXT_LENGTH = 1_000;

    /**
     * The maximum size of one encoded event, in bytes. A sync batch contains events up to its byte
     * limit plus one more event, so {@code SyncSettings} requires frames to leave room for both.
     */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    private Limits() {
    }

    /**
     * Returns the length of {@code text} in characters as the text limits count them: Unicode code
     * points, so that an emoji counts once and not as its two UTF-16 units.
     */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Returns true if {@code quantity} is within {@link #MAX_QUANTITY} either way. */
    public static boolean isQuantityWithinLimit(long quantity) {
        return quantity >= -MAX_QUANTITY && quantity <= MAX_QUANTITY;
    }
}
