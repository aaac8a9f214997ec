package dev.tillsync.node.replay;

import dev.tillsync.node.pos.Totals;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one replay.
 *
 * @param recorded          the totals of what this replay recorded, not of the whole node
 * @param skippedDuplicates operations not recorded because their invoice was recorded before
 * @param rejectedRows      rows not recorded: those the plan rejected and those of operations the
 *                          point of sale rejected, ascending by line number
 */
public record ReplaySummary(Totals recorded, long skippedDuplicates, List<RejectedRow> rejectedRows) {

    public ReplaySummary {
        Objects.requireNonNull(recorded, "recorded");
        rejectedRows = List.copyOf(rejectedRows);
    }

    /** Returns the sales this replay recorded. */
    public long sales() {
        return recorded.sales();
    }

    /** Returns the returns this replay recorded. */
    public long returns() {
        return recorded.returns();
    }

    /** Returns the stock adjustments this replay recorded. */
    public long adjustments() {
        return recorded.adjustments();
    }

    /** Returns the number of events this replay recorded. */
    public long events() {
        return recorded.sales() + recorded.returns() + recorded.adjustments();
    }
}
