package dev.tillsync.node.cli;

import dev.tillsync.node.replay.RejectedRow;
import java.io.PrintWriter;
import java.util.List;

/** Prints rejected rows as {@code replay} and {@code demo} report them: one {@code line <n>: <reason>} a line. */
final class RejectedRowsOutput {

    private RejectedRowsOutput() {
    }

    /** Prints the first {@code maxRows} of {@code rows}, then a line counting the rest if any are left. */
    static void print(List<RejectedRow> rows, PrintWriter writer, int maxRows) {
        rows.stream().limit(maxRows).forEach(writer::println);
        if (rows.size() > maxRows) {
            writer.println("... and " + (rows.size() - maxRows) + " more rejected rows");
        }
        writer.flush();
    }
}
