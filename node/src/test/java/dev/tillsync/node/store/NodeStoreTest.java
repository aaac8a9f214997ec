package dev.tillsync.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.StockDelta;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.pos.RecordedSale;
import dev.tillsync.node.pos.ReturnRequest;
import dev.tillsync.node.pos.SaleRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStoreTest {

    private static final String TILL = "uk/till-1";
    private static final Money PRICE = Money.parse("1.25");

    @TempDir
    Path directory;

    @Test
    void restartRecoversEveryEventAndStock() {
        List<Event> before;
        Map<String, Long> expectedStock;
        try (NodeStore store = open()) {
            PointOfSale pointOfSale = pointOfSale(store);
            recordMixedHistory(pointOfSale, new Random(7));
            before = store.events(event -> true);
        }

        try (NodeStore reopened = open()) {
            PointOfSale pointOfSale = pointOfSale(reopened);
            List<Event> after = reopened.events(event -> true);
            expectedStock = stockImpliedBy(after);

            assertThat(after).hasSize(300).containsExactlyElementsOf(before);
            assertThat(reopened.vector().get(reopened.self())).isEqualTo(300);
            expectedStock.forEach((sku, units) -> assertThat(pointOfSale.stockOnHand("", sku)).as(sku)
                    .isEqualTo(units));
        }
        assertThat(expectedStock).isNotEmpty();
    }

    @Test
    void groupCommitUnderEightThreadsRecordsEverySaleOnce() throws Exception {
        int threads = 8;
        int salesPerThread = 250;
        try (NodeStore store = open()) {
            PointOfSale pointOfSale = pointOfSale(store);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<RecordedSale>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> recordSales(pointOfSale, thread, salesPerThread)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            Set<Dot> reported = new HashSet<>();
            for (Future<List<RecordedSale>> result : results) {
                result.get().forEach(sale -> reported.add(sale.event().dot()));
            }
            List<Event> stored = store.events(event -> true);
            Set<String> references = new HashSet<>();
            stored.forEach(event -> references.add(((EventBody.SaleCompleted) event.body()).externalRef()));

            assertThat(reported).hasSize(threads * salesPerThread);
            assertThat(stored).hasSize(threads * salesPerThread);
            assertThat(stored).extracting(Event::dot).containsExactlyInAnyOrderElementsOf(reported);
            assertThat(references).hasSize(threads * salesPerThread);
            assertThat(store.vector().get(store.self())).isEqualTo(threads * salesPerThread);
            assertThat(pointOfSale.stockOnHand("", "SKU-1")).isEqualTo(-threads * salesPerThread);
        }
    }

    @Test
    void duplicateReferenceInBurstRecordedOnce() throws Exception {
        try (NodeStore store = open()) {
            PointOfSale pointOfSale = pointOfSale(store);
            List<CompletableFuture<RecordedSale>> burst = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                burst.add(pointOfSale.recordSaleAsync(oneLineSale("burst-" + (i % 8))));
            }
            int recorded = 0;
            int rejected = 0;
            for (CompletableFuture<RecordedSale> sale : burst) {
                try {
                    sale.get(30, TimeUnit.SECONDS);
                    recorded++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(DuplicateReferenceException.class);
                    rejected++;
                }
            }

            RecordedSale alone = pointOfSale.recordSaleAsync(oneLineSale("alone")).get(30, TimeUnit.SECONDS);

            assertThat(recorded).isEqualTo(8);
            assertThat(rejected).isEqualTo(8);
            assertThat(store.events(event -> true)).hasSize(9).extracting(Event::dot)
                    .contains(alone.event().dot());
            assertThat(pointOfSale.stockOnHand("", "SKU-1")).isEqualTo(-9);
        }
    }

    @Test
    void walRecyclingKeepsEverySaleAcrossReopens() throws Exception {
        Path data = directory.resolve("recycling");
        NodeStore.Options options = NodeStore.Options.defaults(TILL).withWalRecycling(true);
        Set<Dot> recorded = new HashSet<>();
        Map<Object, Set<String>> logNamesByFile = new HashMap<>();
        try (NodeStore store = NodeStore.open(data, options)) {
            // about 18 MB of log, an estimate: RocksDB reuses a log file once 8 MiB of log forced a flush
            for (int burst = 0; burst < 8; burst++) {
                recorded.addAll(recordBurst(pointOfSale(store), "burst-" + burst, 2_000, 5, "x".repeat(200)));
                recordLogNames(data, logNamesByFile);
            }
        }

        try (NodeStore store = NodeStore.open(data, options)) {
            recorded.addAll(recordBurst(pointOfSale(store), "reopened", 2_000, 1, "x"));

            assertThat(store.events(event -> true)).extracting(Event::dot)
                    .containsExactlyInAnyOrderElementsOf(recorded);
            assertThat(pointOfSale(store).stockOnHand("", "SKU-1")).isEqualTo(-8 * 2_000 * 5 - 2_000);
        }
        assertThat(logNamesByFile.values()).as("a log file reused under a new number")
                .anyMatch(names -> names.size() > 1);
        // RocksDB writes the options it applied to an OPTIONS file, without recycling if it dropped it
        try (Stream<Path> files = Files.list(data)) {
            Path optionsFile = files.filter(file -> file.getFileName().toString().startsWith("OPTIONS-"))
                    .max(Comparator.naturalOrder()).orElseThrow();
            assertThat(Files.readAllLines(optionsFile)).contains("  recycle_log_file_num=4");
        }
    }

    /** Adds the names of the write-ahead log files in {@code data} under their inode numbers. */
    private static void recordLogNames(Path data, Map<Object, Set<String>> namesByFile) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.filter(file -> file.getFileName().toString().endsWith(".log")).toList()) {
                try {
                    Object inode = Files.getAttribute(file, "unix:ino");
                    namesByFile.computeIfAbsent(inode, key -> new HashSet<>()).add(file.getFileName().toString());
                } catch (NoSuchFileException e) {
                    // RocksDB renamed or deleted it while the directory was listed
                }
            }
        }
    }

    /**
     * Records {@code count} sales of {@code lines} units of SKU-1, one per line, with up to 256 in
     * flight, and returns their dots.
     */
    private static List<Dot> recordBurst(PointOfSale pointOfSale, String prefix, int count, int lines,
                                         String description) {
        Deque<CompletableFuture<RecordedSale>> inFlight = new ArrayDeque<>();
        List<Dot> dots = new ArrayList<>();
        List<SaleLine> saleLines = Collections.nCopies(lines, new SaleLine("SKU-1", description, 1, PRICE));
        Money total = PRICE.times(lines);
        for (int i = 0; i < count; i++) {
            inFlight.add(pointOfSale.recordSaleAsync(new SaleRequest("", "", "cashier", "2010-12-01", 0, saleLines,
                    List.of(new Tender(TenderKind.CASH, total)), prefix + "-" + i)));
            if (inFlight.size() >= 256) {
                dots.add(inFlight.removeFirst().join().event().dot());
            }
        }
        inFlight.forEach(sale -> dots.add(sale.join().event().dot()));
        return dots;
    }

    private static SaleRequest oneLineSale(String reference) {
        return new SaleRequest("", "", "cashier", "2010-12-01", 0, List.of(new SaleLine("SKU-1", "x", 1, PRICE)),
                List.of(new Tender(TenderKind.CASH, PRICE)), reference);
    }

    private static List<RecordedSale> recordSales(PointOfSale pointOfSale, int thread, int count) {
        List<CompletableFuture<RecordedSale>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(pointOfSale.recordSaleAsync(new SaleRequest("", "", "thread-" + thread, "2010-12-01", 0,
                    List.of(new SaleLine("SKU-1", "x", 1, PRICE)), List.of(new Tender(TenderKind.CASH, PRICE)),
                    "t" + thread + "-" + i)));
            if (pending.size() % 4 == 0) {
                pending.get(pending.size() - 1).join();
            }
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private static void recordMixedHistory(PointOfSale pointOfSale, Random random) {
        for (int i = 0; i < 300; i++) {
            String sku = "SKU-" + random.nextInt(12);
            int quantity = 1 + random.nextInt(4);
            switch (i % 3) {
                case 0, 1 -> pointOfSale.recordSale(new SaleRequest("", "", "ann", "2010-12-01", 0,
                        List.of(new SaleLine(sku, "x", quantity, PRICE)),
                        List.of(new Tender(TenderKind.CASH, PRICE.times(quantity))), ""));
                default -> {
                    if (i % 2 == 0) {
                        pointOfSale.recordReturn(new ReturnRequest("", "", "ann", "2010-12-02", 0,
                                List.of(new SaleLine(sku, "x", quantity, PRICE)),
                                List.of(new Tender(TenderKind.CASH, PRICE.times(quantity))), "", ""));
                    } else {
                        pointOfSale.adjustStock("", sku, quantity * 10L, "count", "", "2010-12-03");
                    }
                }
            }
        }
    }

    static Map<String, Long> stockImpliedBy(List<Event> events) {
        Map<String, Long> stock = new HashMap<>();
        for (Event event : events) {
            for (StockDelta delta : event.body().stockDeltas()) {
                stock.merge(delta.sku(), delta.quantity(), Long::sum);
            }
        }
        return stock;
    }

    @Test
    void stockCounterSaturatesInsteadOfThrowing() {
        ReplicaId peer = new ReplicaId("uk/till-2", 7);
        Timestamp time = new Timestamp(1_291_191_960_000L, 0);
        List<Event> events = List.of(
                new Event(new Dot(peer, 1), time, Scope.store("uk"), LocalDate.of(2010, 12, 1),
                        new EventBody.StockAdjusted("85123A", Long.MAX_VALUE, "count", "")),
                new Event(new Dot(peer, 2), time, Scope.store("uk"), LocalDate.of(2010, 12, 1),
                        new EventBody.StockAdjusted("85123A", Long.MAX_VALUE, "count", "")));

        try (NodeStore store = open()) {
            store.apply(List.of(new EventRange(peer, 0, 2, events, false))).join();

            assertThat(store.vector().get(peer)).isEqualTo(2);
            assertThat(pointOfSale(store).stockOnHand("", "85123A")).isEqualTo(Long.MAX_VALUE);
        }
    }

    private NodeStore open() {
        return NodeStore.open(directory.resolve("data"), NodeStore.Options.defaults(TILL));
    }

    private static PointOfSale pointOfSale(NodeStore store) {
        return new PointOfSale(store, new TreePosition(TILL, false), Clock.systemUTC());
    }
}
