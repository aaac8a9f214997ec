package dev.tillsync.node.cli;

import dev.tillsync.node.app.NodeRole;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.sync.Purger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tillsync purge}: drops old events that are safe elsewhere from a stopped node's log. */
@Command(name = "purge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Drops from a stopped node's log the events of business dates before DATE that are safe elsewhere:"
                    + " events of the node's own subtree once the root has acknowledged them, events that came"
                    + " from the parent at any age. Unacknowledged events are never dropped; stock, prices and"
                    + " items keep the effect of every event.",
            "The root keeps every event of its subtree: no node above it acknowledges them."})
final class PurgeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--before", required = true, paramLabel = "DATE",
            description = "Drop events of business dates before this one (yyyy-MM-dd).")
    private String before;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Data directory of the node; the node must be stopped.")
    private Path data;

    @Override
    public Integer call() {
        LocalDate date;
        try {
            date = LocalDate.parse(before);
        } catch (DateTimeParseException e) {
            throw CommandFailedException.invalidOption("--before: \"" + before
                    + "\" (expected: yyyy-MM-dd, such as 2011-01-01)");
        }
        ReportCommand.requireNodeDirectory(data);
        try (NodeStore store = NodeStore.open(data, NodeStore.Options.defaults(null))) {
            TreePosition position = NodeRole.read(store);
            long dropped = Purger.purge(store, position, date);
            long kept = Purger.heldBackByAcknowledgement(store, position, date);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("purged %d events of %s before %s; kept %d older events of its subtree that the root has not"
                    + " acknowledged%s%n", dropped, store.nodeId(), date, kept,
                    position.root() ? " (this is the root: it keeps all of them)" : "");
            out.flush();
        }
        return 0;
    }
}
