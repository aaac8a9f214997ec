package dev.tillsync.loadtest.chain;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Catch-up of a till's offline backlog, with each node ({@code hq}, the store {@code uk-london}
 * and its till {@code uk-london/till-1}) in a JVM of its own on 127.0.0.1.
 *
 * <pre>
 * java -cp loadtest/target/benchmarks.jar dev.tillsync.loadtest.chain.CatchUpBenchmark \
 *     [sales, default 100000] [cold|warm, default cold] [till heap, default 128m] \
 *     [store and hq heap, default 512m] [directory, default loadtest/target/catchup-bench]
 * </pre>
 *
 * <ul>
 *   <li>cold: the store is not running while the till records the sales. Then the store starts,
 *       takes its snapshot from hq, and the till connects (the link comes up), takes its own
 *       snapshot and sends its backlog, which the store forwards to hq. The store's JVM is new, so
 *       its JIT compilers work during the catch-up.</li>
 *   <li>warm: hq and the store run from the start and the store refuses the till's link. Two
 *       rounds: the till records the sales, then the store lets its link up again and the till
 *       catches up, then the store cuts the link again. The first round warms the JVMs up; both
 *       are printed.</li>
 * </ul>
 * Each round prints the time from the link coming up until the store, then hq, has every sale
 * durably, the event-batch bytes the till sent per sale next to the stored size of a sale, and the
 * CPU time. At the end it prints the peak heap of each process.
 */
public final class CatchUpBenchmark {

    private static final String TILL = "uk-london/till-1";
    private static final String STORE = "uk-london";
    private static final long MINUTE_MILLIS = 60_000;
    private static final long TIMEOUT_MILLIS = 30 * MINUTE_MILLIS;

    private final int sales;
    private final String tillHeap;
    private final String parentHeap;
    private final Path directory;
    private final int hqPort;
    private final int storePort;

    private CatchUpBenchmark(int sales, String tillHeap, String parentHeap, Path directory) throws IOException {
        this.sales = sales;
        this.tillHeap = tillHeap;
        this.parentHeap = parentHeap;
        this.directory = directory;
        this.hqPort = freePort();
        this.storePort = freePort();
    }

    public static void main(String[] args) throws Exception {
        int sales = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean warm = args.length > 1 && args[1].equals("warm");
        String tillHeap = args.length > 2 ? args[2] : "128m";
        String parentHeap = args.length > 3 ? args[3] : "512m";
        Path directory = Path.of(args.length > 4 ? args[4] : "loadtest/target/catchup-bench").toAbsolutePath();
        deleteRecursively(directory);
        Files.createDirectories(directory);
        printf("load average before: %s%n", loadAverage());
        CatchUpBenchmark benchmark = new CatchUpBenchmark(sales, tillHeap, parentHeap, directory);
        if (warm) {
            benchmark.runWarm();
        } else {
            benchmark.runCold();
        }
    }

    private void runCold() throws Exception {
        try (ChildProcess hq = startHq();
             ChildProcess till = node(TILL, tillHeap, "id=" + TILL, "parent=127.0.0.1:" + storePort)) {
            till.await("READY", MINUTE_MILLIS);
            Round round = new Round(sales, till, hq);
            round.recordOffline();
            try (ChildProcess store = startStore()) {
                store.send("watch " + TILL + " " + sales);
                round.measure(store, Long.parseLong(till.await("CONNECTED", TIMEOUT_MILLIS)));
                printHeap(till, store, hq);
            }
        }
    }

    private void runWarm() throws Exception {
        try (ChildProcess hq = startHq(); ChildProcess store = startStore()) {
            store.send("suspend " + TILL);
            try (ChildProcess till = node(TILL, tillHeap, "id=" + TILL, "parent=127.0.0.1:" + storePort)) {
                till.await("READY", MINUTE_MILLIS);
                for (int r = 1; r <= 2; r++) {
                    printf("round %d%n", r);
                    Round round = new Round((long) r * sales, till, hq);
                    round.recordOffline();
                    store.send("watch " + TILL + " " + (long) r * sales);
                    till.forget("CONNECTED");
                    store.send("resume " + TILL);
                    round.measure(store, Long.parseLong(till.await("CONNECTED", TIMEOUT_MILLIS)));
                    store.send("suspend " + TILL);
                }
                printHeap(till, store, hq);
            }
        }
    }

    /** One backlog of {@link #sales} sales: recorded offline, then sent. */
    private final class Round {
        private final long target;
        private final ChildProcess till;
        private final ChildProcess hq;
        private Map<String, Long> tillBefore;
        private Map<String, Long> hqBefore;
        private String[] eventBytes;
        private long recordStart;
        private long recordEnd;

        Round(long target, ChildProcess till, ChildProcess hq) {
            this.target = target;
            this.till = till;
            this.hq = hq;
        }

        void recordOffline() throws InterruptedException, TimeoutException {
            hq.forget("DURABLE");
            hq.send("watch " + TILL + " " + target);
            till.forget("RECORDED", "EVENT_BYTES");
            recordStart = NodeProcess.micros();
            till.send("sell " + sales);
            recordEnd = Long.parseLong(till.await("RECORDED", TIMEOUT_MILLIS));
            eventBytes = till.await("EVENT_BYTES", TIMEOUT_MILLIS).split(" ");
            tillBefore = till.stats();
            hqBefore = hq.stats();
        }

        void measure(ChildProcess store, long linkUp) throws InterruptedException, TimeoutException {
            store.forget("DURABLE");
            long atStore = Long.parseLong(store.await("DURABLE", TIMEOUT_MILLIS));
            long atHq = Long.parseLong(hq.await("DURABLE", TIMEOUT_MILLIS));
            Map<String, Long> tillAfter = till.stats();
            Map<String, Long> hqAfter = hq.stats();
            printf("sales: %,d, recorded offline at the till in %.1f s%n", sales, (recordEnd - recordStart) / 1e6);
            printf("link up -> all durable at the store: %.2f s%n", (atStore - linkUp) / 1e6);
            printf("link up -> all durable at hq: %.2f s%n", (atHq - linkUp) / 1e6);
            long bytes = tillAfter.get("bytesSent") - tillBefore.get("bytesSent");
            long events = tillAfter.get("eventsSent") - tillBefore.get("eventsSent");
            double perSale = (double) bytes / sales;
            double encoded = Double.parseDouble(eventBytes[0]) / Double.parseDouble(eventBytes[1]);
            printf("till sent %,d events in %,d event-batch bytes: %.1f bytes per sale; encoded sale (EventProto as "
                    + "stored) %.1f bytes on average; wire / encoded = %.3f%n", events, bytes, perSale, encoded,
                    perSale / encoded);
            Map<String, Long> storeAfter = store.stats();
            printf("events sent in all: by the till %,d, by the store %,d, by hq %,d%n", tillAfter.get("eventsSent"),
                    storeAfter.get("eventsSent"), hqAfter.get("eventsSent"));
            printf("CPU seconds in this round: till %.1f, hq %.1f; store in total %.1f; load average %s%n",
                    (tillAfter.get("cpuMillis") - tillBefore.get("cpuMillis")) / 1e3,
                    (hqAfter.get("cpuMillis") - hqBefore.get("cpuMillis")) / 1e3,
                    storeAfter.get("cpuMillis") / 1e3, loadAverage());
        }
    }

    private ChildProcess startHq() throws Exception {
        ChildProcess hq = node("hq", parentHeap, "id=hq", "listen=" + hqPort);
        hq.await("READY", MINUTE_MILLIS);
        return hq;
    }

    private ChildProcess startStore() throws Exception {
        ChildProcess store = node(STORE, parentHeap, "id=" + STORE, "listen=" + storePort,
                "parent=127.0.0.1:" + hqPort);
        store.await("READY", MINUTE_MILLIS);
        return store;
    }

    private ChildProcess node(String nodeId, String heap, String... arguments) throws IOException {
        String name = nodeId.replace('/', '_');
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("data=" + directory.resolve(name));
        return ChildProcess.start(nodeId, heap, directory.resolve(name + ".log"), all);
    }

    private void printHeap(ChildProcess till, ChildProcess store, ChildProcess hq) throws Exception {
        printf("CPU seconds by thread, whole run: till %s%n  store %s%n  hq %s%n", ThreadCpu.top(till.pid(), 6),
                ThreadCpu.top(store.pid(), 6), ThreadCpu.top(hq.pid(), 6));
        printHeap("till (-Xmx" + tillHeap + ")", till.stats());
        printHeap("store (-Xmx" + parentHeap + ")", store.stats());
        printHeap("hq (-Xmx" + parentHeap + ")", hq.stats());
    }

    private static void printHeap(String node, Map<String, Long> stats) {
        printf("%s: peak used heap %.1f MiB, peak heap after GC %.1f MiB, max heap %.1f MiB%n", node,
                mib(stats.get("peakUsedHeap")), mib(stats.get("peakHeapAfterGc")), mib(stats.get("maxHeap")));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static void printf(String format, Object... values) {
        System.out.printf(Locale.ROOT, format, values);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
