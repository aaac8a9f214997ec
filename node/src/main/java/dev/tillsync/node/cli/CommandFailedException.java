package dev.tillsync.node.cli;

/** Thrown by a sub-command for an expected failure. Its message is printed as the one error line. */
final class CommandFailedException extends RuntimeException {

    CommandFailedException(String message) {
        super(message);
    }
}
