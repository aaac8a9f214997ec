package dev.tillsync.node.net;

/** Thrown when a node cannot listen on its address: the port is in use or the host is not this machine's. */
public final class BindFailedException extends IllegalStateException {

    BindFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
