package dev.tillsync.node.cli;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.net.BindFailedException;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.sync.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tillsync node}: runs one node until it is stopped. */
@Command(name = "node",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs one node: a till, a store server or the head office. It records what its till API is given,"
                    + " syncs with its parent (reconnecting with backoff while the link is down) and serves its"
                    + " children. A new node with a parent first takes a snapshot from it.",
            "Links are plain TCP: run it on a trusted network. Stops on SIGINT or SIGTERM."})
final class NodeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--id", required = true, paramLabel = "ID",
            description = "Node id: hq for the root, <store> for a store server, <store>/<till> for a till.")
    private String nodeId;

    @Option(names = "--parent", paramLabel = "HOST:PORT",
            description = "Address of the parent node. Without it the node is the root of its chain.")
    private String parent;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to accept children and status requests on (port 0 picks a free port)."
                    + " Without it the node has no children.")
    private String listen;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (its RocksDB database); created if missing. Default: tillsync-data/<id>,"
                    + " with / written as %%2F and a space as %%20.")
    private Path data;

    @Option(names = "--retention-days", paramLabel = "DAYS",
            description = "Purge every hour the events of business dates older than DAYS days that the root"
                    + " has acknowledged. Default: keep every event.")
    private Integer retentionDays;

    @Option(names = "--sales-since", paramLabel = "DATE",
            description = "For a new node: leave sales and returns before DATE (yyyy-MM-dd) out of the snapshot"
                    + " taken from the parent. Default: take them all.")
    private String salesSince;

    @Option(names = "--max-drift-ms", defaultValue = "300000", paramLabel = "MS",
            description = "Largest clock difference accepted with a peer, in milliseconds. Default: ${DEFAULT-VALUE}.")
    private long maxDriftMillis;

    @Override
    public Integer call() throws InterruptedException {
        try (Logging.LevelScope info = Logging.defaultLevel("INFO")) {
            return run();
        }
    }

    private int run() throws InterruptedException {
        NodeRuntime.Config config = config();
        CountDownLatch stopped = new CountDownLatch(1);
        Transport transport = new Transport(0, config.sync().maxFrameBytes(), null, null);
        NodeRuntime node = start(config, transport);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            transport.close();
            stopped.countDown();
        }, "tillsync-shutdown"));
        HostPort address = node.listenAddress();
        System.err.println("tillsync node " + node.nodeId() + " running" + (address == null ? ""
                : ", listening on " + address) + (config.parent() == null ? " (root)" : ", parent "
                + config.parent()) + "; data in " + config.dataDirectory() + "; stop with Ctrl-C");
        stopped.await();
        return 0;
    }

    /**
     * Starts the node. If it fails to start, removes the data directory when this run created it, so
     * that a mistyped --listen leaves nothing behind.
     */
    private static NodeRuntime start(NodeRuntime.Config config, Transport transport) {
        Path created = outermostMissing(config.dataDirectory().toAbsolutePath());
        try {
            return NodeRuntime.start(config, transport);
        } catch (RuntimeException e) {
            transport.close();
            deleteTree(created);
            if (e instanceof BindFailedException) {
                throw new CommandFailedException(e.getMessage());
            }
            throw e;
        }
    }

    /** Returns the outermost directory of {@code path} that does not exist yet, or null if it exists. */
    private static Path outermostMissing(Path path) {
        Path missing = null;
        for (Path ancestor = path; ancestor != null && !Files.exists(ancestor); ancestor = ancestor.getParent()) {
            missing = ancestor;
        }
        return missing;
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the data directory {} created by this run", root, e);
        }
    }

    private NodeRuntime.Config config() {
        OptionChecks.requireAtLeast("--max-drift-ms", maxDriftMillis, 0);
        try {
            NodeIds.requireValid(nodeId);
            if (parent != null && !nodeId.contains("/")) {
                NodeIds.requireValidStore(nodeId);
            }
            Path directory = data != null ? data : Path.of("tillsync-data", NodeIds.folderName(nodeId));
            NodeRuntime.Config config = new NodeRuntime.Config(nodeId, directory,
                    listen == null ? null : HostPort.parse(listen), parent == null ? null : HostPort.parse(parent),
                    SyncSettings.defaults(), maxDriftMillis, salesSinceNumber(), null, 10_000);
            if (retentionDays != null) {
                if (retentionDays < 1) {
                    throw new IllegalArgumentException("--retention-days: " + retentionDays + " (expected: 1 or more)");
                }
                config = config.withRetention(Duration.ofDays(retentionDays));
            }
            return config;
        } catch (IllegalArgumentException e) {
            throw CommandFailedException.invalidOption(e.getMessage());
        }
    }

    private int salesSinceNumber() {
        if (salesSince == null) {
            return 0;
        }
        try {
            LocalDate date = LocalDate.parse(salesSince);
            return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--sales-since: \"" + salesSince + "\" (expected: yyyy-MM-dd)");
        }
    }
}
