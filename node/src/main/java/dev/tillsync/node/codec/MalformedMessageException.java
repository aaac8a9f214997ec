package dev.tillsync.node.codec;

/**
 * Thrown when a protobuf message parses but breaks a rule of the schema: a missing field, a
 * negative counter, an unknown scope. The message names the field and the value.
 */
public final class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
