package dev.tillsync.node.pos;

import dev.tillsync.node.event.Limits;

/**
 * Thrown when a till request breaks a rule; nothing is written. The message names the field, the
 * value given and what is expected, in words a cashier's supervisor can act on.
 */
public final class InvalidRequestException extends IllegalArgumentException {

    private static final int QUOTED_CHARACTERS = 60;

    private final String field;

    public InvalidRequestException(String field, Object value, String expected) {
        super(field + ": " + quote(value) + " (expected: " + expected + ")");
        this.field = field;
    }

    /** Returns the name of the offending field, such as {@code lines[2].quantity}. */
    public String field() {
        return field;
    }

    private static String quote(Object value) {
        return value instanceof String text ? quoted(text) : String.valueOf(value);
    }

    /**
     * Returns {@code text} in double quotes, shortened to its first {@value #QUOTED_CHARACTERS}
     * characters and its length when it is longer, so that an error stays one readable line.
     * Characters are Unicode code points, so the cut never splits a surrogate pair.
     */
    public static String quoted(String text) {
        int length = Limits.length(text);
        if (length <= QUOTED_CHARACTERS) {
            return "\"" + text + "\"";
        }
        int end = text.offsetByCodePoints(0, QUOTED_CHARACTERS);
        return "\"" + text.substring(0, end) + "...\" (" + length + " characters)";
    }
}
