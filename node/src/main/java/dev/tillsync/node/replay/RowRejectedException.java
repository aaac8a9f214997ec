package dev.tillsync.node.replay;

/** Thrown while a row is parsed when it breaks a replay rule. The message is the reason reported. */
final class RowRejectedException extends Exception {

    RowRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
