package dev.tillsync.node.cli;

import dev.tillsync.node.app.NodeRole;
import dev.tillsync.node.codec.MalformedMessageException;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.sync.SnapshotFiles;
import dev.tillsync.node.sync.SyncSettings;
import dev.tillsync.proto.v1.SnapshotFileHeaderProto;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tillsync snapshot export|restore}: full state transfer through a file. */
@Command(name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Writes a node's state to a file, or starts a node from such a file: for a till installed"
                + " without a network, and for backups.",
        subcommands = {SnapshotCommand.Export.class, SnapshotCommand.Restore.class})
final class SnapshotCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: export or restore");
    }

    @Command(name = "export",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Writes a snapshot of a node's data directory: of the node itself (a backup),"
                    + " or, with --for, what a new child of it needs (prices, items, its store's stock, its own"
                    + " sales). The node may be running: DIR is opened read-only and the snapshot holds what"
                    + " was stored when the command opens it.")
    static final class Export implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "Data directory of the node to export; the node may be running.")
        private Path data;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "Snapshot file to write; replaced if it exists.")
        private Path out;

        @Option(names = "--for", paramLabel = "ID",
                description = "Node id of a new child to export for, such as uk-london/till-9. Default: the node"
                        + " itself.")
        private String target;

        @Option(names = "--sales-since", paramLabel = "DATE",
                description = "With --for: leave sales and returns before DATE (yyyy-MM-dd) out. Default: none.")
        private String salesSince;

        @Override
        public Integer call() throws IOException {
            try (NodeStore store = NodeStore.openReadOnly(data)) {
                TreePosition position = NodeRole.read(store);
                String targetId = target == null ? store.nodeId() : NodeIds.requireValid(target);
                SnapshotFiles.Summary summary = SnapshotFiles.export(store, position, targetId, yyyymmdd(salesSince),
                        SyncSettings.defaults().snapshotChunkItems(), out, System.currentTimeMillis());
                PrintWriter printer = spec.commandLine().getOut();
                printer.printf("wrote %s: snapshot of %s for %s, %d chunks, %d entries%n", out, store.nodeId(),
                        targetId, summary.chunks(), summary.entries());
                printer.flush();
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "restore",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Creates a node from a snapshot file in an empty data directory. The node always takes"
                    + " a new incarnation, so it never reuses an event id of the node the file came from; start it"
                    + " with 'tillsync node' afterwards.")
    static final class Restore implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Snapshot file written by 'snapshot export'.")
        private Path file;

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "Data directory to create the node in; must be empty or missing.")
        private Path data;

        @Override
        public Integer call() throws IOException {
            SnapshotFileHeaderProto header = readHeader();
            requireEmpty(data);
            boolean existed = Files.exists(data);
            try {
                restore(header);
            } catch (IOException | RuntimeException e) {
                removeRestored(existed);
                throw e;
            }
            return 0;
        }

        private void restore(SnapshotFileHeaderProto header) throws IOException {
            try (NodeStore store = NodeStore.open(data, NodeStore.Options.defaults(header.getNodeId()))) {
                SnapshotFiles.Summary summary = SnapshotFiles.restore(file, store);
                boolean root = header.getNodeId().equals(header.getSourceNodeId()) && !header.getNodeId().contains("/")
                        && NodeRole.read(store).root();
                NodeRole.record(store, root);
                PrintWriter printer = spec.commandLine().getOut();
                printer.printf("restored %s into %s: %d chunks, %d entries; incarnation %s%n", header.getNodeId(),
                        data, summary.chunks(), summary.entries(), store.self().incarnationHex());
                printer.flush();
            } catch (MalformedMessageException e) {
                throw new CommandFailedException(e.getMessage() + ". The directory " + data + " is as it was before");
            }
        }

        /**
         * Deletes what a failed restore wrote, so that the directory is as it was before: empty, or
         * missing if it was missing.
         */
        private void removeRestored(boolean existed) throws IOException {
            if (!Files.exists(data)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(data)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    if (existed && path.equals(data)) {
                        continue;
                    }
                    Files.delete(path);
                }
            }
        }

        private SnapshotFileHeaderProto readHeader() throws IOException {
            try {
                return SnapshotFiles.readHeader(file);
            } catch (MalformedMessageException e) {
                throw new CommandFailedException(e.getMessage());
            }
        }
    }

    static void requireEmpty(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new CommandFailedException("the data directory " + directory + " is not empty: restore into an"
                        + " empty or new directory");
            }
        }
    }

    static int yyyymmdd(String date) {
        if (date == null) {
            return 0;
        }
        try {
            LocalDate parsed = LocalDate.parse(date);
            return parsed.getYear() * 10_000 + parsed.getMonthValue() * 100 + parsed.getDayOfMonth();
        } catch (DateTimeParseException e) {
            throw CommandFailedException.invalidOption("date: \"" + date
                    + "\" (expected: yyyy-MM-dd, such as 2011-12-01)");
        }
    }
}
