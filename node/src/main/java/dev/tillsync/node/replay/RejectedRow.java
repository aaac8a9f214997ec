package dev.tillsync.node.replay;

import java.util.Objects;

/**
 * A row of the log that was not recorded, and why.
 *
 * @param lineNumber the line of the file, counting the header as line 1
 */
public record RejectedRow(long lineNumber, String reason) implements Comparable<RejectedRow> {

    public RejectedRow {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int compareTo(RejectedRow other) {
        return Long.compare(lineNumber, other.lineNumber);
    }

    /** Returns the row as printed on the rejects output: {@code line 12: <reason>}. */
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason;
    }
}
