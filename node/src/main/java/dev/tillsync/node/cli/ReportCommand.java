package dev.tillsync.node.cli;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.pos.Totals;
import dev.tillsync.node.store.NodeStore;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tillsync report}: prints the totals of the sales, returns and adjustments a node holds. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Prints the totals of the sales, returns and stock adjustments held by the node in DIR,"
                + " computed from its stored events. The node may be running: DIR is opened read-only and the"
                + " totals are those of the events stored when the command opens it.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Data directory of the node to report on. It must exist and contain a node.")
    private Path data;

    @Option(names = "--json",
            description = "Prints one JSON object with the keys sales, returns, adjustments, gross_sales,"
                    + " returns_amount (negative), net, units_sold, units_returned and net_by_store"
                    + " (store id to net); amounts are exact decimal strings such as \"12.50\"."
                    + " Default: a table.")
    private boolean json;

    @Override
    public Integer call() {
        requireNodeDirectory(data);
        try (NodeStore store = NodeStore.openReadOnly(data)) {
            Totals totals = totals(store);
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? totals.toJson() : table(store.nodeId(), totals));
            out.flush();
        }
        return CommandLine.ExitCode.OK;
    }

    /** Fails unless {@code directory} contains a RocksDB database, so that a mistyped path creates nothing. */
    static void requireNodeDirectory(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new CommandFailedException("--data: " + directory + " is a file, not a directory (expected: the"
                    + " data directory of a node)");
        }
        if (!Files.isDirectory(directory)) {
            throw new CommandFailedException("data directory not found: " + directory + " (check --data)");
        }
        if (!Files.exists(directory.resolve("CURRENT"))) {
            throw new CommandFailedException("data directory " + directory + " contains no tillsync node (no RocksDB"
                    + " database found; check --data)");
        }
    }

    private static Totals totals(NodeStore store) {
        Totals[] totals = {Totals.ZERO};
        store.reader().forEachEvent(event -> {
            totals[0] = totals[0].plus(event);
            return true;
        });
        return totals[0];
    }

    private static String table(String nodeId, Totals totals) {
        StringBuilder table = new StringBuilder();
        row(table, "node", nodeId);
        row(table, "sales", Long.toString(totals.sales()));
        row(table, "returns", Long.toString(totals.returns()));
        row(table, "adjustments", Long.toString(totals.adjustments()));
        row(table, "gross sales", Money.format(totals.grossSales()));
        row(table, "returns amount", Money.format(totals.returnsAmount()));
        row(table, "net", Money.format(totals.net()));
        row(table, "units sold", totals.unitsSold().toString());
        row(table, "units returned", totals.unitsReturned().toString());
        if (!totals.netByStore().isEmpty()) {
            table.append('\n');
            int width = Math.max(5, totals.netByStore().keySet().stream().mapToInt(String::length).max().orElse(0));
            table.append(String.format("%-" + width + "s  %15s%n", "store", "net"));
            for (Map.Entry<String, BigDecimal> store : totals.netByStore().entrySet()) {
                table.append(String.format("%-" + width + "s  %15s%n", store.getKey(), Money.format(store.getValue())));
            }
        }
        return table.toString().stripTrailing();
    }

    private static void row(StringBuilder table, String name, String value) {
        table.append(String.format("%-16s %15s%n", name, value));
    }
}
