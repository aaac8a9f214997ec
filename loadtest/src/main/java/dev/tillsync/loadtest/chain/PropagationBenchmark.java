package dev.tillsync.loadtest.chain;

import dev.tillsync.node.app.Chain;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.sync.SyncSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Propagation latency of sales from till to store and to hq, in one process: a {@link Chain} on
 * 127.0.0.1 with real sockets and one RocksDB store per node, all sharing this JVM's heap and
 * the machine's cores.
 *
 * <pre>
 * java -cp loadtest/target/benchmarks.jar dev.tillsync.loadtest.chain.PropagationBenchmark \
 *     [sales per second, default 500] [seconds measured, default 60] [stores, default 4] \
 *     [tills per store, default 5] [directory, default loadtest/target/propagation-bench]
 * </pre>
 *
 * Sales are issued at a fixed rate, round robin over the tills, for a 10 s warm-up and then the
 * measured seconds. A listener on each node's store takes the time when a group of events is
 * durable there. A sale's latency is the time from durable at its till to durable at its store,
 * and to durable at hq.
 */
public final class PropagationBenchmark {

    private static final List<String> STORE_IDS = List.of("uk-london", "fr-paris", "de-berlin", "es-madrid",
            "it-rome", "nl-amsterdam", "be-brussels", "at-vienna");
    private static final long WARM_UP_NANOS = 10_000_000_000L;

    private final Map<Dot, Long> atTill = new ConcurrentHashMap<>();
    private final Map<Dot, Long> atStore = new ConcurrentHashMap<>();
    private final Map<Dot, Long> atHq = new ConcurrentHashMap<>();
    private final Histogram recording = new Histogram(3);

    private PropagationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int stores = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int tillsPerStore = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path directory = Path.of(args.length > 4 ? args[4] : "loadtest/target/propagation-bench").toAbsolutePath();
        Files.createDirectories(directory);
        Path runDirectory = Files.createTempDirectory(directory, "run");
        printf("load average before: %s%n", CatchUpBenchmark.loadAverage());
        try (HeapWatch heap = new HeapWatch();
             Transport transport = new Transport(0, SyncSettings.defaults().maxFrameBytes(), null, null);
             Chain chain = Chain.start(runDirectory, STORE_IDS.subList(0, stores), tillsPerStore, transport,
                     SyncSettings.defaults(), 200)) {
            awaitConnected(chain);
            PropagationBenchmark benchmark = new PropagationBenchmark();
            benchmark.listen(chain);
            long[] window = benchmark.issue(chain, rate, seconds);
            benchmark.awaitHq(window, 60_000);
            benchmark.print(window, rate, stores * tillsPerStore);
            printf("load average after: %s%n", CatchUpBenchmark.loadAverage());
            printTraffic(chain);
            printf("whole process (%d nodes): peak used heap %.1f MiB, peak heap after GC %.1f MiB, max %.1f MiB%n",
                    chain.nodes().size(), mib(heap.peakUsedBytes()), mib(heap.peakAfterGcBytes()),
                    mib(HeapWatch.maxHeapBytes()));
        }
    }

    private static void awaitConnected(Chain chain) throws InterruptedException, TimeoutException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!chain.allConnected()) {
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("timed out after 60 s waiting for every node to connect to its parent");
            }
            Thread.sleep(50);
        }
        Thread.sleep(2_000);
    }

    private void listen(Chain chain) {
        for (NodeRuntime till : chain.tills().values()) {
            String tillId = till.nodeId();
            till.store().addListener(events -> stamp(events, atTill, tillId));
        }
        for (NodeRuntime store : chain.stores().values()) {
            store.store().addListener(events -> stamp(events, atStore, null));
        }
        chain.hq().store().addListener(events -> stamp(events, atHq, null));
    }

    /** Takes the time of the sales in a durable group, of one till's own or of any till. */
    private static void stamp(List<Event> events, Map<Dot, Long> times, String originId) {
        long now = System.nanoTime();
        for (Event event : events) {
            if (event.body() instanceof EventBody.SaleCompleted
                    && (originId == null || event.dot().replica().nodeId().equals(originId))) {
                times.put(event.dot(), now);
            }
        }
    }

    /** Issues the sales and returns the start and end, in nanoseconds, of the measured part. */
    private long[] issue(Chain chain, int rate, int seconds) {
        List<NodeRuntime> tills = new ArrayList<>(chain.tills().values());
        Sales sales = new Sales(7);
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long end = start + WARM_UP_NANOS + seconds * 1_000_000_000L;
        for (long i = 0; ; i++) {
            long due = start + i * periodNanos;
            if (due >= end) {
                break;
            }
            LockSupport.parkNanos(due - System.nanoTime());
            long issued = System.nanoTime();
            tills.get((int) (i % tills.size())).pos().recordSaleAsync(sales.next()).thenRun(() -> {
                synchronized (recording) {
                    recording.recordValue(System.nanoTime() - issued);
                }
            });
        }
        return new long[] {start + WARM_UP_NANOS, end};
    }

    private void awaitHq(long[] window, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && atHq.size() < atTill.size()) {
            Thread.sleep(100);
        }
    }

    private void print(long[] window, int rate, int tills) {
        Histogram toStore = new Histogram(3);
        Histogram toHq = new Histogram(3);
        long measured = 0;
        long missing = 0;
        for (Map.Entry<Dot, Long> entry : atTill.entrySet()) {
            long durable = entry.getValue();
            if (durable < window[0] || durable >= window[1]) {
                continue;
            }
            measured++;
            Long store = atStore.get(entry.getKey());
            Long hq = atHq.get(entry.getKey());
            if (store == null || hq == null) {
                missing++;
                continue;
            }
            toStore.recordValue(Math.max(0, store - durable));
            toHq.recordValue(Math.max(0, hq - durable));
        }
        printf("%d sales/s over %d tills; %,d sales measured, %,d never reached the store or hq%n", rate, tills,
                measured, missing);
        printHistogram("recorded at the till (request -> durable)", recording);
        printHistogram("till durable -> store durable", toStore);
        printHistogram("till durable -> hq durable", toHq);
    }

    /** Prints the events each kind of node sent, and the garbage collection and allocation of this JVM. */
    private static void printTraffic(Chain chain) {
        long fromTills = chain.tills().values().stream().mapToLong(n -> n.replicator().totals().eventsSent()).sum();
        long fromStores = chain.stores().values().stream().mapToLong(n -> n.replicator().totals().eventsSent()).sum();
        long fromHq = chain.hq().replicator().totals().eventsSent();
        printf("events sent by the tills %,d, by the stores %,d, by hq %,d%n", fromTills, fromStores, fromHq);
        long collections = 0;
        long collectionMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += collector.getCollectionCount();
            collectionMillis += collector.getCollectionTime();
        }
        printf("garbage collections: %,d taking %,d ms in all; %,d MB allocated by the threads still running%n",
                collections, collectionMillis, allocatedBytes() / 1_000_000);
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, allocated);
        }
        return total;
    }

    private static void printHistogram(String what, Histogram histogram) {
        printf("%-42s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  p99.9 %6.1f ms  max %6.1f ms%n", what,
                millis(histogram.getValueAtPercentile(50)), millis(histogram.getValueAtPercentile(90)),
                millis(histogram.getValueAtPercentile(99)), millis(histogram.getValueAtPercentile(99.9)),
                millis(histogram.getMaxValue()));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void printf(String format, Object... values) {
        System.out.printf(Locale.ROOT, format, values);
    }
}
