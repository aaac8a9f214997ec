package dev.tillsync.loadtest.durable;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.pos.SaleRequest;
import dev.tillsync.node.store.Column;
import dev.tillsync.node.store.NodeStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Measures durable sales on one disk and the raw limits of that disk in the same run.
 *
 * <pre>
 * java -cp loadtest/target/benchmarks.jar dev.tillsync.loadtest.durable.DurableWriteBenchmark \
 *     [directory, default loadtest/target/durable-bench] [seconds per run, default 10] \
 *     [sales for the size run, default 200000; 0 skips it]
 * </pre>
 *
 * <ol>
 *   <li>raw fdatasync: a loop of {@code FileChannel.write} of 512 bytes and {@code force(false)} on a
 *       file in the directory, one thread;</li>
 *   <li>raw RocksDB: batches of 100 puts of 400 bytes, each batch written with one synced write, and
 *       single puts of 1,500 bytes (about one five-line sale with its index and stock entries), each
 *       synced;</li>
 *   <li>five-line sales through {@link PointOfSale#recordSale} with 1 writer, then 8 writers, each
 *       waiting for its sale to be durable before starting the next, on a store with the default
 *       options, which recycle write-ahead log files; then both again on a store that does not
 *       (see {@link dev.tillsync.node.store.RocksKv#open(Path, boolean)});</li>
 *   <li>bytes on disk: 200,000 five-line sales recorded with many in flight, then the store closed,
 *       every column family flushed and fully compacted, and the files of the directory summed.</li>
 * </ol>
 */
public final class DurableWriteBenchmark {

    private static final Money PRICE = Money.parse("2.55");
    private static final int SKUS = 4_000;
    private static final String TILL = "uk/till-1";
    private static final String[] WORDS = ("WHITE HANGING HEART T-LIGHT HOLDER METAL LANTERN CREAM CUPID HEARTS COAT"
            + " HANGER KNITTED UNION FLAG HOT WATER BOTTLE RED WOOLLY HOTTIE SET OF 7 BABUSHKA NESTING BOXES GLASS"
            + " STAR FROSTED VINTAGE JUMBO BAG PINK POLKADOT LUNCH BOX ALARM CLOCK BAKELIKE").split(" ");
    /** One description per SKU, four words drawn with a fixed seed, so the data compresses like a catalogue. */
    private static final String[] DESCRIPTIONS = descriptions();

    private DurableWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "loadtest/target/durable-bench");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int salesForSize = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        deleteRecursively(directory);
        Files.createDirectories(directory);
        RocksDB.loadLibrary();

        print("raw fdatasync, 1 thread", rawFdatasync(directory.resolve("raw.bin"), seconds), "writes");
        print("raw RocksDB, batch of 100 puts + 1 sync", rawRocksBatches(directory.resolve("raw-rocks"), seconds,
                100, 400), "batches");
        print("raw RocksDB, 1 put of 1.5 KB + 1 sync", rawRocksBatches(directory.resolve("raw-rocks-one"), seconds,
                1, 1_500), "batches");
        NodeStore.Options options = NodeStore.Options.defaults(TILL);
        print("durable sales, 1 writer", recordSales(directory.resolve("one-writer"), options, 1, seconds), "sales");
        print("durable sales, 8 writers", recordSales(directory.resolve("eight-writers"), options, 8, seconds),
                "sales");
        NodeStore.Options appending = options.withWalRecycling(false);
        print("same, log files not recycled, 1 writer", recordSales(directory.resolve("one-writer-appending"),
                appending, 1, seconds), "sales");
        print("same, log files not recycled, 8 writers", recordSales(directory.resolve("eight-writers-appending"),
                appending, 8, seconds), "sales");
        if (salesForSize > 0) {
            measureSize(directory.resolve("size"), salesForSize);
        }
    }

    /** The operations of one run, its length and the latency of each operation. */
    record Result(long operations, double seconds, Histogram latencyNanos) {

        double perSecond() {
            return operations / seconds;
        }
    }

    static Result rawFdatasync(Path file, int seconds) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(512);
        Histogram latency = new Histogram(3);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long operations = 0;
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            for (long now = start; now < deadline; operations++) {
                record.clear();
                channel.write(record);
                channel.force(false);
                long end = System.nanoTime();
                latency.recordValue(end - now);
                now = end;
            }
            return new Result(operations, (System.nanoTime() - start) / 1e9, latency);
        }
    }

    static Result rawRocksBatches(Path directory, int seconds, int putsPerBatch, int valueBytes)
            throws RocksDBException {
        Histogram latency = new Histogram(3);
        byte[] value = new byte[valueBytes];
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, directory.toString());
             WriteOptions sync = new WriteOptions().setSync(true)) {
            long batches = 0;
            long key = 0;
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            for (long now = start; now < deadline; batches++) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = 0; i < putsPerBatch; i++) {
                        batch.put(ByteBuffer.allocate(8).putLong(key++).array(), value);
                    }
                    db.write(sync, batch);
                }
                long end = System.nanoTime();
                latency.recordValue(end - now);
                now = end;
            }
            return new Result(batches, (System.nanoTime() - start) / 1e9, latency);
        }
    }

    /** Records sales from {@code writers} threads for a warm-up of 3 s, then for {@code seconds}. */
    static Result recordSales(Path directory, NodeStore.Options options, int writers, int seconds)
            throws InterruptedException {
        try (NodeStore store = NodeStore.open(directory, options)) {
            PointOfSale pointOfSale = new PointOfSale(store, new TreePosition(TILL, false), Clock.systemUTC());
            runWriters(pointOfSale, writers, 3, new Histogram(3));
            Histogram latency = new Histogram(3);
            long start = System.nanoTime();
            long operations = runWriters(pointOfSale, writers, seconds, latency);
            return new Result(operations, (System.nanoTime() - start) / 1e9, latency);
        }
    }

    private static long runWriters(PointOfSale pointOfSale, int writers, int seconds, Histogram latency)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long[] counts = new long[writers];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                Random random = new Random(writer);
                Histogram own = new Histogram(3);
                for (long now = System.nanoTime(); now < deadline; counts[writer]++) {
                    pointOfSale.recordSale(sale(random));
                    long end = System.nanoTime();
                    own.recordValue(end - now);
                    now = end;
                }
                synchronized (latency) {
                    latency.add(own);
                }
            }, "writer-" + w));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    static SaleRequest sale(Random random) {
        List<SaleLine> lines = new ArrayList<>(5);
        Money total = Money.ZERO;
        for (int i = 0; i < 5; i++) {
            int sku = random.nextInt(SKUS);
            SaleLine line = new SaleLine(Integer.toString(10_000 + sku), DESCRIPTIONS[sku], 1 + random.nextInt(6),
                    PRICE);
            lines.add(line);
            total = total.plus(line.amount());
        }
        return new SaleRequest("", "", "bench", "2011-06-01", 0, lines, List.of(new Tender(TenderKind.CASH, total)),
                "");
    }

    private static String[] descriptions() {
        Random random = new Random(1);
        String[] descriptions = new String[SKUS];
        for (int i = 0; i < SKUS; i++) {
            StringBuilder description = new StringBuilder(WORDS[random.nextInt(WORDS.length)]);
            for (int word = 1; word < 4; word++) {
                description.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
            }
            descriptions[i] = description.toString();
        }
        return descriptions;
    }

    /** Records {@code count} sales with up to 512 in flight, compacts, and prints the bytes on disk. */
    static void measureSize(Path directory, int count) throws Exception {
        long start = System.nanoTime();
        try (NodeStore store = NodeStore.open(directory, NodeStore.Options.defaults(TILL))) {
            PointOfSale pointOfSale = new PointOfSale(store, new TreePosition(TILL, false), Clock.systemUTC());
            Random random = new Random(42);
            Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
            for (int i = 0; i < count; i++) {
                inFlight.add(pointOfSale.recordSaleAsync(sale(random)));
                if (inFlight.size() >= 512) {
                    inFlight.removeFirst().join();
                }
            }
            inFlight.forEach(CompletableFuture::join);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long beforeCompaction = sizeOf(directory);
        compact(directory);
        long after = sizeOf(directory);
        System.out.printf("%nbytes on disk: %,d sales recorded in %.1f s (%,.0f/s with 512 in flight)%n", count,
                seconds, count / seconds);
        System.out.printf("  before flush and compaction: %,d bytes (%,.0f bytes per sale)%n", beforeCompaction,
                (double) beforeCompaction / count);
        System.out.printf("  after flush and full compaction: %,d bytes (%,.0f bytes per sale, %.2f GB per million"
                + " sales, extrapolated)%n", after, (double) after / count, after * (1_000_000.0 / count) / 1e9);
    }

    /** Flushes every column family and compacts each to one level, with the store's own compression. */
    private static void compact(Path directory) throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (ColumnFamilyOptions columnOptions = new ColumnFamilyOptions()
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
             DBOptions dbOptions = new DBOptions().setKeepLogFileNum(1)) {
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
            for (Column column : Column.values()) {
                descriptors.add(new ColumnFamilyDescriptor(column.familyName().getBytes(), columnOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
                 FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, handles);
                for (ColumnFamilyHandle handle : handles) {
                    db.compactRange(handle);
                }
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void print(String name, Result result, String unit) {
        Histogram latency = result.latencyNanos();
        System.out.printf("%-42s %,10.0f %s/s   p50 %8.3f ms   p99 %8.3f ms   (%,d in %.1f s)%n", name,
                result.perSecond(), unit, latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, result.operations(), result.seconds());
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
