package dev.tillsync.node.pos;

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
     */
    public static String quoted(String text) {
        if (text.length() <= QUOTED_CHARACTERS) {
            return "\"" + text + "\"";
        }
        return "\"" + text.substring(0, QUOTED_CHARACTERS) + "...\" (" + text.length() + " characters)";
    }
}
