package dev.tillsync.node.cli;

import dev.tillsync.node.app.Demo;
import dev.tillsync.node.pos.Totals;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tillsync demo}: a whole chain in one process, with links cut and healed halfway. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a whole chain in this process on 127.0.0.1: hq, one store server per store, N tills per store,"
                    + " each a full node with its own RocksDB data, linked over real TCP sockets.",
            "Without --replay it trades a made-up day in three stores; with --replay it replays a sales log by"
                    + " the rules of 'tillsync replay', each invoice at its till. Halfway it cuts the busiest"
                    + " store's link to hq and one till's link to its store (sockets closed, reconnection refused),"
                    + " keeps trading, heals the links after the outage and waits until every node's digests"
                    + " agree. It ends with the time to converge, the events and bytes sent, and hq's report."})
final class DemoCommand implements Callable<Integer> {

    /** The maximum number of rejected rows printed on stderr. A line counting the rest follows them. */
    private static final int MAX_PRINTED_REJECTS = 20;

    @Spec
    private CommandSpec spec;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Sales log to replay (UCI Online Retail CSV). The first " + MAX_PRINTED_REJECTS
                    + " rejected rows are printed on stderr, then the count of the rest.")
    private Path replay;

    @Option(names = "--tills-per-store", defaultValue = "2", paramLabel = "N",
            description = "Tills per store. Default: ${DEFAULT-VALUE}.")
    private int tillsPerStore;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write hq's report (the JSON of 'tillsync report --json') to FILE instead of stdout.")
    private Path json;

    @Option(names = "--headless",
            description = "Keep off any display: progress and results go to the terminal only. The demo opens no"
                    + " window yet, so this changes nothing today; scripts should pass it.")
    private boolean headless;

    @Option(names = "--rate", defaultValue = "400", paramLabel = "OPS",
            description = "Sales, returns and adjustments recorded per second across all tills; 0 for as fast as"
                    + " they go. Default: ${DEFAULT-VALUE}.")
    private double rate;

    @Option(names = "--outage-ms", defaultValue = "3000", paramLabel = "MS",
            description = "Least time the cut links stay down, in milliseconds. Default: ${DEFAULT-VALUE}.")
    private long outageMillis;

    @Option(names = "--sales", defaultValue = "1500", paramLabel = "N",
            description = "Sales of the made-up day (without --replay). Default: ${DEFAULT-VALUE}.")
    private int sales;

    @Option(names = "--seed", defaultValue = "20101201", paramLabel = "SEED",
            description = "Seed of the made-up day. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Keep the nodes' data in DIR (one folder per node). Default: a temporary folder,"
                    + " deleted at the end.")
    private Path data;

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (Logging.LevelScope quiet = Logging.defaultLevel("ERROR")) {
            return run();
        }
    }

    private int run() throws IOException, InterruptedException {
        requireValidOptions();
        if (data != null) {
            SnapshotCommand.requireEmpty(data);
        }
        Demo.Options options = new Demo.Options(replay, tillsPerStore, sales, seed, rate, outageMillis, data, 120_000);
        Demo.Result result;
        try {
            result = new Demo(options, System.err, System.console() != null).run();
        } catch (TimeoutException e) {
            throw new CommandFailedException(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        RejectedRowsOutput.print(result.recorded().rejectedRows(), err, MAX_PRINTED_REJECTS);
        print(result);
        return 0;
    }

    private void requireValidOptions() {
        OptionChecks.requireBetween("--tills-per-store", tillsPerStore, 1, 50);
        OptionChecks.requireAtLeast("--sales", sales, 1);
        OptionChecks.requireAtLeast("--outage-ms", outageMillis, 0);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw CommandFailedException.invalidOption("--rate: " + rate
                    + " (expected: 0 or more operations per second)");
        }
        if (json != null) {
            OptionChecks.requireWritableDirectoryOf("--json", json);
        }
    }

    private void print(Demo.Result result) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("chain: %d nodes on 127.0.0.1 (hq, %d stores, %d tills)%n", result.nodes(), result.stores(),
                result.tills());
        out.printf("recorded: %d sales, %d returns, %d adjustments; %d rows rejected%n", result.recorded().sales(),
                result.recorded().returns(), result.recorded().adjustments(), result.recorded().rejectedRows().size());
        out.printf("links cut for %.1f s: %s to hq, %s to its store%n", result.outageMillis() / 1000.0,
                result.cutStore(), result.cutTill());
        out.printf("converged %.2f s after the links healed%n", result.convergeMillis() / 1000.0);
        out.printf("sent: %d events, %d bytes on all links%n", result.eventsSent(), result.bytesSent());
        Totals totals = result.hqTotals();
        String report = totals.toJson();
        if (json != null) {
            Files.writeString(json, report + System.lineSeparator(), StandardCharsets.UTF_8);
            out.printf("hq's report: %s%n", json);
        } else {
            out.println(report);
        }
        out.flush();
    }
}
