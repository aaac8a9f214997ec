package dev.tillsync.node.app;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.pos.Totals;
import dev.tillsync.node.replay.InvalidLogException;
import dev.tillsync.node.replay.RejectedRow;
import dev.tillsync.node.replay.ReplayOperation;
import dev.tillsync.node.replay.ReplaySummary;
import dev.tillsync.node.replay.Replayer;
import dev.tillsync.node.replay.RetailLog;
import dev.tillsync.node.sync.SyncSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The main job: a whole chain on 127.0.0.1 trading a day (made up, or replayed from a log with
 * each invoice at its till). Halfway it really cuts one store's link to hq and one till's link to
 * its store (sockets closed, reconnection refused), keeps trading, heals the links after the
 * outage and waits until every node's digests agree.
 */
public final class Demo {

    /**
     * How to run the demo.
     *
     * @param replay          the log to replay, or null for a made-up day
     * @param syntheticSales  sales of the made-up day
     * @param operationsPerSecond pace of trading; 0 for as fast as the tills go
     * @param outageMillis    least time the cut links stay down
     * @param dataDirectory   where the nodes keep their data, or null for a temporary folder deleted at the end
     */
    public record Options(Path replay, int tillsPerStore, int syntheticSales, long seed, double operationsPerSecond,
                          long outageMillis, Path dataDirectory, long convergeTimeoutMillis) {
    }

    /** The figures of one demo run. */
    public record Result(int nodes, int stores, int tills, ReplaySummary recorded, String cutStore, String cutTill,
                         long outageMillis, long convergeMillis, long eventsSent, long bytesSent, Totals hqTotals) {
    }

    private final Options options;
    private final PrintStream progress;
    private final boolean rewriteLine;

    public Demo(Options options, PrintStream progress, boolean rewriteLine) {
        this.options = options;
        this.progress = progress;
        this.rewriteLine = rewriteLine;
    }

    /**
     * Runs the demo to the end and returns its figures.
     *
     * @throws InvalidLogException if the log to replay cannot be read, or none of its rows can be
     *                             replayed; no node is started then
     */
    public Result run() throws IOException, TimeoutException, InterruptedException {
        List<ReplayOperation> operations;
        List<RejectedRow> rejected;
        if (options.replay() != null) {
            RetailLog log = RetailLog.read(options.replay(), options.tillsPerStore());
            requireOperations(log, options.replay());
            operations = log.operations();
            rejected = log.rejectedRows();
        } else {
            operations = SyntheticDay.generate(options.seed(), options.syntheticSales(), options.tillsPerStore(),
                    LocalDate.now());
            rejected = List.of();
        }
        Path directory = options.dataDirectory() != null ? options.dataDirectory()
                : Files.createTempDirectory("tillsync-demo-");
        try {
            return run(operations, rejected, directory);
        } finally {
            if (options.dataDirectory() == null) {
                deleteRecursively(directory);
            }
        }
    }

    /** Fails when the log yields no operation, because the demo cuts a link of the busiest store. */
    private static void requireOperations(RetailLog log, Path file) {
        if (!log.operations().isEmpty()) {
            return;
        }
        List<RejectedRow> rejected = log.rejectedRows();
        if (rejected.isEmpty()) {
            throw new InvalidLogException("no row of " + file + " could be replayed: it has no rows after its"
                    + " header (0 rows rejected)");
        }
        throw new InvalidLogException("no row of " + file + " could be replayed: " + rejected.size() + " of "
                + log.rowCount() + " rows rejected, the first at " + rejected.get(0));
    }

    private Result run(List<ReplayOperation> operations, List<RejectedRow> rejected, Path directory)
            throws TimeoutException, InterruptedException {
        List<String> storeIds = byTraffic(operations);
        SyncSettings settings = SyncSettings.defaults();
        try (Transport transport = new Transport(0, settings.maxFrameBytes(), null, null);
             Chain chain = Chain.start(directory, storeIds.stream().sorted().toList(), options.tillsPerStore(),
                     transport, settings, 1_000)) {
            Progress line = new Progress(chain, operations.size());
            line.start();
            try {
                waitFor(chain::allConnected, 60_000, "every node to connect to its parent");
                if (options.replay() == null) {
                    stockAndPrice(chain);
                }
                return trade(chain, operations, rejected, storeIds, line);
            } finally {
                line.stop();
            }
        }
    }

    private Result trade(Chain chain, List<ReplayOperation> operations, List<RejectedRow> rejected,
                         List<String> storeIds, Progress line) throws TimeoutException, InterruptedException {
        int half = operations.size() / 2;
        Pacer pacer = new Pacer(options.operationsPerSecond(), line);
        Replayer replayer = new Replayer(operation -> chain.till(operation.tillId()).pos());
        line.phase("trading, all links up");
        ReplaySummary first = replayer.replay(operations.subList(0, half), rejected, pacer);
        String cutStore = storeIds.get(0);
        String cutTill = chain.tillsOf(storeIds.size() > 1 ? storeIds.get(1) : cutStore).get(0).nodeId();
        String cutTillStore = cutTill.substring(0, cutTill.indexOf('/'));
        long cutAt = System.currentTimeMillis();
        chain.hq().replicator().suspendChild(cutStore, Long.MAX_VALUE / 4, cutAt);
        chain.store(cutTillStore).replicator().suspendChild(cutTill, Long.MAX_VALUE / 4, cutAt);
        line.phase("links cut: " + cutStore + " to hq, " + cutTill + " to its store");
        ReplaySummary second = replayer.replay(operations.subList(half, operations.size()), List.of(), pacer);
        long wait = cutAt + options.outageMillis() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        long healedAt = System.currentTimeMillis();
        chain.hq().replicator().resumeChild(cutStore, healedAt);
        chain.store(cutTillStore).replicator().resumeChild(cutTill, healedAt);
        line.phase("links healed, converging");
        waitFor(chain::converged, options.convergeTimeoutMillis(), "every node's digests to agree");
        long convergedAt = System.currentTimeMillis();
        line.phase("converged");
        return new Result(chain.nodes().size(), chain.stores().size(), chain.tills().size(), sum(first, second),
                cutStore, cutTill, healedAt - cutAt, convergedAt - healedAt, chain.eventsSent(), chain.bytesSent(),
                chain.hq().pos().totals());
    }

    /** Returns the stores, busiest first. */
    private static List<String> byTraffic(List<ReplayOperation> operations) {
        Map<String, Long> counts = operations.stream()
                .collect(Collectors.groupingBy(ReplayOperation::storeId, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Gives the made-up day its prices (one store overrides one) and its opening stock. */
    private static void stockAndPrice(Chain chain) {
        for (SyntheticDay.Product product : SyntheticDay.CATALOGUE) {
            chain.hq().pos().setPrice(Scope.chain(), product.sku(), product.price());
            for (Map.Entry<String, NodeRuntime> store : chain.stores().entrySet()) {
                store.getValue().pos().receiveStock(store.getKey(), product.sku(), 200, "opening stock", "");
            }
        }
        NodeRuntime paris = chain.stores().get("fr-paris");
        if (paris != null) {
            paris.pos().setPrice(Scope.store("fr-paris"), "22752", Money.parse("6.95"));
        }
    }

    private static ReplaySummary sum(ReplaySummary a, ReplaySummary b) {
        List<RejectedRow> rows = new ArrayList<>(a.rejectedRows());
        rows.addAll(b.rejectedRows());
        return new ReplaySummary(a.recorded().plus(b.recorded()), a.skippedDuplicates() + b.skippedDuplicates(), rows);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMillis, String what)
            throws TimeoutException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo's data in " + directory, e);
        }
    }

    /** Holds trading to the pace asked for and counts operations for the progress line. */
    private static final class Pacer implements Runnable {
        private final double perSecond;
        private final Progress line;
        private final long startNanos = System.nanoTime();
        private long count;

        Pacer(double perSecond, Progress line) {
            this.perSecond = perSecond;
            this.line = line;
        }

        @Override
        public void run() {
            line.submitted(++count);
            if (perSecond <= 0) {
                return;
            }
            long dueNanos = startNanos + (long) (count / perSecond * 1e9);
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos > 0) {
                try {
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The live progress line: phase, operations submitted, events at hq, links up. */
    private final class Progress {
        private final Chain chain;
        private final int total;
        private final long startMillis = System.currentTimeMillis();
        private volatile String phase = "starting";
        private volatile long submitted;
        private volatile boolean running = true;
        private Thread thread;

        Progress(Chain chain, int total) {
            this.chain = chain;
            this.total = total;
        }

        void start() {
            thread = new Thread(this::loop, "tillsync-demo-progress");
            thread.setDaemon(true);
            thread.start();
        }

        void phase(String name) {
            phase = name;
            if (!rewriteLine) {
                print();
            }
        }

        void submitted(long count) {
            submitted = count;
        }

        private void loop() {
            while (running) {
                if (rewriteLine) {
                    print();
                }
                try {
                    Thread.sleep(rewriteLine ? 200 : 1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void print() {
            long atHq = chain.hq().store().vector().counters().values().stream().mapToLong(Long::longValue).sum();
            long linksUp = chain.nodes().stream().skip(1).filter(NodeRuntime::parentConnected).count();
            String text = String.format("[%5.1fs] %-46s operations %d/%d  events at hq %d  links up %d/%d",
                    (System.currentTimeMillis() - startMillis) / 1000.0, phase, submitted, total, atHq, linksUp,
                    chain.nodes().size() - 1);
            progress.print(rewriteLine ? "\r" + text : text + System.lineSeparator());
            progress.flush();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            if (rewriteLine) {
                print();
                progress.println();
            }
        }
    }
}
