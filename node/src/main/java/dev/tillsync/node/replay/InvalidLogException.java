package dev.tillsync.node.replay;

/** Thrown when a file cannot be replayed at all: its header is not the expected one, or it is not UTF-8 text. */
public final class InvalidLogException extends RuntimeException {

    public InvalidLogException(String message) {
        super(message);
    }

    public InvalidLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
