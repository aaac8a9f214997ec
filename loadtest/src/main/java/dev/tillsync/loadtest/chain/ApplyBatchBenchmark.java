package dev.tillsync.loadtest.chain;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.store.EventRange;
import dev.tillsync.node.store.NodeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receiving store's share of a catch-up: {@link NodeStore#apply} of one range of 2,000 new
 * three-line sales of one till, as a batch from a till arrives, on RocksDB in a temporary
 * directory, synced. Each call applies the next 2,000 counters, so the store grows during the run
 * as it does in a catch-up.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ApplyBatchBenchmark {

    private static final int BATCH = 2_000;
    private static final int SKUS = 2_000;

    private final ReplicaId till = new ReplicaId("uk-london/till-1", 0x1234_5678_9abc_def0L);
    private final LocalDate date = LocalDate.of(2026, 12, 4);
    private List<EventBody> bodies;
    private Path directory;
    private NodeStore store;
    private long counter;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("apply-bench");
        store = NodeStore.open(directory, NodeStore.Options.defaults("uk-london"));
        bodies = new ArrayList<>(BATCH);
        Random random = new Random(3);
        for (int i = 0; i < BATCH; i++) {
            bodies.add(sale(random));
        }
    }

    private EventBody sale(Random random) {
        List<SaleLine> lines = new ArrayList<>();
        Money total = Money.ZERO;
        for (int i = 0; i < 3; i++) {
            SaleLine line = new SaleLine(Integer.toString(10_000 + random.nextInt(SKUS)),
                    "WHITE HANGING HEART T-LIGHT HOLDER", 1 + random.nextInt(6), Money.parse("2.55"));
            lines.add(line);
            total = total.plus(line.amount());
        }
        return new EventBody.SaleCompleted(till.nodeId(), "cashier-1", 1_796_400_000_000L, lines,
                List.of(new Tender(TenderKind.CARD, total)), "");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public Object applyRange() {
        long after = counter;
        List<Event> events = new ArrayList<>(BATCH);
        for (EventBody body : bodies) {
            counter++;
            events.add(new Event(new Dot(till, counter), new Timestamp(1_796_400_000_000L + counter, 0),
                    Scope.store("uk-london"), date, body));
        }
        return store.apply(List.of(new EventRange(till, after, counter, events, false))).join();
    }
}
