package dev.tillsync.node.net;

/** Thrown by the frame decoder for bytes that are not a valid frame; the link is then closed. */
public final class BadFrameException extends RuntimeException {

    public BadFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
