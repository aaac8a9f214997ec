package dev.tillsync.node.pos;

/**
 * Thrown when a till request breaks a rule; nothing is written. The message names the field, the
 * value given and what is expected, in words a cashier's supervisor can act on.
 */
public final class InvalidRequestException extends IllegalArgumentException {

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
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
