package dev.tillsync.node.replay;

import java.util.List;

/**
 * The outcome of one replay.
 *
 * @param sales             sales recorded by this replay
 * @param returns           returns recorded by this replay
 * @param adjustments       stock adjustments recorded by this replay
 * @param skippedDuplicates operations not recorded because their invoice was recorded before
 * @param rejectedRows      rows not recorded: those the plan rejected and those of operations the
 *                          point of sale rejected, ascending by line number
 */
public record ReplaySummary(long sales, long returns, long adjustments, long skippedDuplicates,
                            List<RejectedRow> rejectedRows) {

    public ReplaySummary {
        rejectedRows = List.copyOf(rejectedRows);
    }

    /** Returns the number of events this replay recorded. */
    public long recorded() {
        return sales + returns + adjustments;
    }
}
