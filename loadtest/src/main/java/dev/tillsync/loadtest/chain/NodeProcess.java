package dev.tillsync.loadtest.chain;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.net.LinkStats;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StoredEvent;
import dev.tillsync.node.sync.SyncSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One node in a JVM of its own, driven by {@link CatchUpBenchmark} through its standard input and
 * output. Arguments are {@code key=value}: {@code id}, {@code data}, {@code listen} (a port on
 * 127.0.0.1) and {@code parent} (host:port).
 *
 * <p>Commands, one a line on standard input:
 * <ul>
 *   <li>{@code sell COUNT}: records COUNT sales, then reports {@code RECORDED micros} and
 *       {@code EVENT_BYTES bytes count} of every event of this node;</li>
 *   <li>{@code watch NODE COUNT}: reports {@code DURABLE micros} once the events of node id NODE
 *       held here reach COUNT;</li>
 *   <li>{@code suspend CHILD} and {@code resume CHILD}: cuts a child's link and refuses it, or lets
 *       it connect again;</li>
 *   <li>{@code stats}: reports {@code STATS} with link totals, peak heap and CPU time;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * Reports are lines on standard output that start with {@code @@}; times are microseconds since
 * the epoch. Each connection to the parent is reported as {@code CONNECTED micros}. Logs go to
 * standard error.
 */
public final class NodeProcess {

    private static final int SALES_IN_FLIGHT = 4_096;

    private NodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        HostPort listen = options.containsKey("listen")
                ? new HostPort("127.0.0.1", Integer.parseInt(options.get("listen"))) : null;
        HostPort parent = options.containsKey("parent") ? HostPort.parse(options.get("parent")) : null;
        NodeRuntime.Config config = NodeRuntime.Config.of(options.get("id"), Path.of(options.get("data")), listen,
                parent).withBackoffCap(200);
        try (HeapWatch heap = new HeapWatch();
             Transport transport = new Transport(0, SyncSettings.defaults().maxFrameBytes(), null, null);
             NodeRuntime node = NodeRuntime.start(config, transport)) {
            node.replicator().addLinkListener(change -> {
                if (change.parent() && change.connected()) {
                    report("CONNECTED " + micros());
                }
            });
            report("READY");
            serve(node, heap);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("invalid argument " + arg + " (expected: key=value)");
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }

    /** Reports once when the events of {@code nodeId} held here reach {@code count}. */
    private static void watch(NodeStore store, String nodeId, long count) {
        AtomicBoolean reported = new AtomicBoolean();
        store.addListener(events -> {
            if (!reported.get() && eventsOf(store, nodeId) >= count && reported.compareAndSet(false, true)) {
                report("DURABLE " + micros());
            }
        });
        if (eventsOf(store, nodeId) >= count && reported.compareAndSet(false, true)) {
            report("DURABLE " + micros());
        }
        Thread progress = new Thread(() -> logProgress(store, nodeId, reported), "progress");
        progress.setDaemon(true);
        progress.start();
    }

    /** Logs to standard error, every 250 ms until the count is reached, how many events arrived. */
    private static void logProgress(NodeStore store, String nodeId, AtomicBoolean reached) {
        long previous = -1;
        while (!reached.get()) {
            long now = eventsOf(store, nodeId);
            if (now != previous) {
                System.err.println("progress " + micros() + " " + nodeId + " " + now);
                previous = now;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long eventsOf(NodeStore store, String nodeId) {
        long total = 0;
        for (Map.Entry<ReplicaId, Long> entry : store.vector().counters().entrySet()) {
            if (entry.getKey().nodeId().equals(nodeId)) {
                total += entry.getValue();
            }
        }
        return total;
    }

    private static void sell(NodeRuntime node, int count) throws InterruptedException {
        Sales sales = new Sales(1);
        Semaphore inFlight = new Semaphore(SALES_IN_FLIGHT);
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            last = node.pos().recordSaleAsync(sales.next()).whenComplete((sale, error) -> inFlight.release());
        }
        inFlight.acquire(SALES_IN_FLIGHT);
        last.join();
    }

    /** Reports the encoded size of this node's own events, as stored. */
    private static void reportEventBytes(NodeStore store) {
        ReplicaId self = store.self();
        long after = 0;
        long bytes = 0;
        long count = 0;
        while (true) {
            List<StoredEvent> read = store.reader().readEvents(self, after, 10_000, Long.MAX_VALUE);
            if (read.isEmpty()) {
                break;
            }
            for (StoredEvent stored : read) {
                bytes += stored.bytes().length;
                count++;
                after = stored.counter();
            }
        }
        report("EVENT_BYTES " + bytes + " " + count);
    }

    private static void serve(NodeRuntime node, HeapWatch heap) throws Exception {
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = input.readLine(); line != null && !line.equals("quit"); line = input.readLine()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "sell" -> {
                    sell(node, Integer.parseInt(words[1]));
                    report("RECORDED " + micros());
                    reportEventBytes(node.store());
                }
                case "watch" -> watch(node.store(), words[1], Long.parseLong(words[2]));
                case "suspend" -> node.replicator().suspendChild(words[1], Long.MAX_VALUE / 4,
                        System.currentTimeMillis());
                case "resume" -> node.replicator().resumeChild(words[1], System.currentTimeMillis());
                case "stats" -> reportStats(node, heap);
                default -> System.err.println("unknown command: " + line);
            }
        }
    }

    private static void reportStats(NodeRuntime node, HeapWatch heap) {
        LinkStats totals = node.replicator().totals();
        report("STATS bytesSent=" + totals.bytesSent() + " eventsSent=" + totals.eventsSent()
                + " bytesReceived=" + totals.bytesReceived() + " eventsReceived=" + totals.eventsReceived()
                + " peakUsedHeap=" + heap.peakUsedBytes() + " peakHeapAfterGc=" + heap.peakAfterGcBytes()
                + " maxHeap=" + HeapWatch.maxHeapBytes() + " cpuMillis=" + cpuMillis());
    }

    /** Returns the CPU time of this process, all threads, in milliseconds. */
    private static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static void report(String line) {
        synchronized (System.out) {
            System.out.println("@@ " + line);
            System.out.flush();
        }
    }
}
