package dev.tillsync.node.cli;

import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.replay.RejectedRow;
import dev.tillsync.node.replay.ReplaySummary;
import dev.tillsync.node.replay.Replayer;
import dev.tillsync.node.replay.RetailLog;
import dev.tillsync.node.store.NodeStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tillsync replay}: records a sales log into one root node and prints a JSON summary. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Records a UCI Online Retail sales log (CSV) into a root node, which records for every store,"
                    + " and prints the totals of what this replay recorded, with the keys of 'report --json'"
                    + " and two more: rejected_rows and skipped_duplicates.",
            "Replaying a file again, or after a crash, records nothing twice: an invoice already recorded"
                    + " for its store is skipped. InvoiceDate is read as UTC."})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Sales log to replay: UTF-8 CSV with the header"
                    + " InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country.")
    private Path file;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Data directory of the node (its RocksDB database). Created if missing.")
    private Path data;

    @Option(names = {"--node-id", "--id"}, defaultValue = "hq", paramLabel = "ID",
            description = "Node id of the root node that records the log; must match the id stored in DIR."
                    + " Default: ${DEFAULT-VALUE}.")
    private String nodeId;

    @Option(names = "--tills-per-store", defaultValue = "2", paramLabel = "N",
            description = "Number of tills per store: each invoice is recorded as rung up on one of"
                    + " <store>/till-1 to <store>/till-N, chosen from its invoice number. Default: ${DEFAULT-VALUE}.")
    private int tillsPerStore;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "File to write rejected rows to, one 'line <number>: <reason>' per line. Replaced"
                    + " if it exists. Default: stderr.")
    private Path rejects;

    @Override
    public Integer call() throws IOException {
        requireValidOptions();
        requireRejectsOtherThanLog();
        RetailLog log = RetailLog.read(file, tillsPerStore);
        try (BufferedWriter rejectsWriter = openRejects();
             NodeStore store = NodeStore.open(data, NodeStore.Options.defaults(nodeId))) {
            PointOfSale pointOfSale = new PointOfSale(store, new TreePosition(nodeId, true), Clock.systemUTC());
            ReplaySummary summary = new Replayer(pointOfSale).replay(log);
            writeRejects(summary.rejectedRows(), rejectsWriter);
            PrintWriter out = spec.commandLine().getOut();
            out.println(summary.recorded().toJson(Map.of(
                    "rejected_rows", (long) summary.rejectedRows().size(),
                    "skipped_duplicates", summary.skippedDuplicates())));
            out.flush();
        }
        return CommandLine.ExitCode.OK;
    }

    /**
     * Opens the --rejects file before anything is recorded, so that a path that cannot be written
     * fails the command while the node is still unchanged. Returns null without --rejects.
     */
    private BufferedWriter openRejects() {
        if (rejects == null) {
            return null;
        }
        if (Files.isDirectory(rejects)) {
            throw new CommandFailedException("--rejects: " + rejects + " is a directory (expected: a file to write"
                    + " rejected rows to)");
        }
        try {
            // Unlike Files.newBufferedWriter, this writer replaces text it cannot encode instead of
            // failing, so that no rejected value can abort the replay.
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(rejects), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("--rejects: directory of " + rejects + " not found (create it or"
                    + " choose another file)");
        } catch (IOException e) {
            throw new CommandFailedException("--rejects: cannot write " + rejects + " (" + e + ")");
        }
    }

    /** Fails when --rejects names the log itself, which opening the rejects file would truncate. */
    private void requireRejectsOtherThanLog() throws IOException {
        if (rejects == null) {
            return;
        }
        boolean sameFile = Files.exists(rejects) && Files.exists(file) ? Files.isSameFile(rejects, file)
                : rejects.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
        if (sameFile) {
            throw new CommandFailedException("--rejects: " + rejects + " is the sales log being replayed, " + file
                    + " (choose another file for the rejected rows)");
        }
    }

    private void requireValidOptions() {
        if (!NodeIds.isValid(nodeId)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid --node-id: "
                    + invalidReason(nodeId));
        }
        if (nodeId.contains("/")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid --node-id: \"" + nodeId
                    + "\" is a till id (expected: the id of the root node, such as hq, because replay records"
                    + " sales of every store)");
        }
        if (tillsPerStore < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid --tills-per-store: "
                    + tillsPerStore + " (expected: 1 or more)");
        }
    }

    private static String invalidReason(String nodeId) {
        try {
            NodeIds.requireValid(nodeId);
            return nodeId;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private void writeRejects(List<RejectedRow> rows, BufferedWriter writer) throws IOException {
        if (writer == null) {
            RejectedRowsOutput.print(rows, spec.commandLine().getErr(), Integer.MAX_VALUE);
            return;
        }
        for (RejectedRow row : rows) {
            writer.write(row.toString());
            writer.newLine();
        }
    }
}
