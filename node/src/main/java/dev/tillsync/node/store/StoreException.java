package dev.tillsync.node.store;

import java.util.HexFormat;

/**
 * Thrown when the store cannot read or write. Names the operation, the column family, the key
 * (hex, truncated) and keeps the RocksDB status code and a {@link Reason} that callers branch on.
 */
public final class StoreException extends RuntimeException {

    /** The kind of trouble, for callers that must tell the operator what to do. */
    public enum Reason {
        /** The disk of the data directory is full. */
        DISK_FULL,
        /** The data directory or its file system does not accept writes. */
        READ_ONLY,
        /** Another process (or another node in this process) has the data directory open. */
        IN_USE,
        /** Files of the data directory are damaged. */
        CORRUPTION,
        /** Any other input/output error. */
        IO_ERROR,
        /** The data directory belongs to another node or was never initialised. */
        WRONG_DIRECTORY,
        /** The store is closed. */
        CLOSED
    }

    private static final int MAX_KEY_BYTES = 24;

    private final Reason reason;
    private final String statusCode;

    public StoreException(Reason reason, String statusCode, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.statusCode = statusCode;
    }

    public StoreException(Reason reason, String message) {
        this(reason, "", message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** Returns the RocksDB status code, such as {@code IOError}, or an empty string. */
    public String statusCode() {
        return statusCode;
    }

    /** Returns a key as hex, truncated to a length that fits a log line. */
    static String hexKey(byte[] key) {
        if (key == null) {
            return "-";
        }
        HexFormat hex = HexFormat.of();
        if (key.length <= MAX_KEY_BYTES) {
            return hex.formatHex(key);
        }
        return hex.formatHex(key, 0, MAX_KEY_BYTES) + "...(" + key.length + " bytes)";
    }
}
