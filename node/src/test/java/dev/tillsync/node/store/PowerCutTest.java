package dev.tillsync.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Receipt;
import dev.tillsync.node.store.FileJournal.Entry;
import dev.tillsync.node.store.FileJournal.Op;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the power of a till at many points of one run and checks that every sale it reported as
 * recorded before the cut is stored exactly once.
 *
 * <p>The till runs as its own process under the preload library {@code src/test/native/filejournal.c},
 * which journals its file operations and its output in order. {@link FileJournal} then rebuilds, for
 * each cut, a disk with only what a sync made durable under the POSIX rules, or that plus a random
 * part of what was not synced. The store is opened on that disk as after a restart. Unlike SIGKILL,
 * this loses what the page cache held, including writes that RocksDB had not synced yet.
 *
 * <p>Set {@code -Dtillsync.powercut.seed=N} to replay the choice of cuts; the till's own run differs
 * each time. The library is built with the C compiler {@code cc}, which CI installs.
 */
class PowerCutTest {

    private static final Logger LOG = LoggerFactory.getLogger(PowerCutTest.class);
    private static final int SALES_PER_THREAD = Integer.getInteger("tillsync.powercut.sales", 15_000);
    /** Cuts at a sync or a new log file, and as many at random entries. */
    private static final int CUTS = Integer.getInteger("tillsync.powercut.cuts", 12);

    @TempDir
    Path directory;

    @Test
    void powerCutKeepsReportedSales() throws Exception {
        cutAndCheck(false);
    }

    @Test
    void powerCutKeepsSalesInRecycledLogs() throws Exception {
        cutAndCheck(true);
    }

    private void cutAndCheck(boolean recycling) throws Exception {
        long seed = Long.getLong("tillsync.powercut.seed", System.nanoTime());
        String context = "seed " + seed + " (replay the cuts with -Dtillsync.powercut.seed=" + seed + "), recycling "
                + recycling;
        Random random = new Random(seed);
        Path data = Files.createDirectories(directory.resolve("data")).toRealPath();
        // with recycling, the till first runs without it, as a store written before the default changed
        List<Boolean> runs = recycling ? List.of(false, true) : List.of(false);
        FileJournal journal = runJournaled(data, Map.of(), runs, random.nextLong(), context);
        Cuts cuts = checkCuts(journal, data, runs.size(), List.of(), recycling, random, context);
        if (!recycling) {
            return;
        }

        // a second power cut: the till restarts on what a cut after a reuse left, and runs again
        int first = cuts.points().higher(cuts.firstReuse());
        Path restarted = directory.resolve("data-restarted");
        journal.diskAt(first, null, restarted);
        restarted = restarted.toRealPath();
        List<String> survivors = receipts(journal.stdoutLinesBefore(first));
        String again = context + ", restarted after a cut before journal entry " + first;
        FileJournal second = runJournaled(restarted, FileJournal.filesUnder(restarted), List.of(true),
                random.nextLong(), again);
        checkCuts(second, restarted, 1, survivors, true, random, again);
    }

    /**
     * Checks the whole journal of {@code runs} runs of the till in {@code data}, then cuts the power at
     * many of its points. Each store rebuilt must contain the sales reported {@code before} the
     * journal and those reported before the cut, each once.
     */
    private Cuts checkCuts(FileJournal journal, Path data, int runs, List<String> before, boolean recycling,
                           Random random, String context) throws IOException {
        List<Entry> entries = journal.entries();
        int ready = firstLineEnd(journal, "READY");
        assertThat(journal.stdoutLinesBefore(entries.size())).as(context + ": the till finished its sales")
                .filteredOn("DONE"::equals).hasSize(runs);
        assertThat(journal.mismatchesWith(data)).as(context + ": files the journal rebuilds that differ from the "
                + "till's directory; a call that changes files is missing from filejournal.c").isEmpty();
        assertEachSaleSyncedBeforeReport(journal, context);
        Cuts cuts = Cuts.choose(entries, ready, random);
        if (recycling) {
            assertThat(cuts.renamedLogs()).as(context + ": log files renamed for reuse").isPositive();
            assertOnlyOwnLogsReused(journal, runs, context);
        } else {
            assertThat(cuts.renamedLogs()).as(context + ": log files renamed for reuse").isZero();
        }

        int afterReuse = 0;
        long salesChecked = 0;
        for (int cut : cuts.points()) {
            boolean writeBack = random.nextBoolean();
            Path disk = directory.resolve("cut-" + cut);
            journal.diskAt(cut, writeBack ? new Random(random.nextLong()) : null, disk);
            List<String> reported = new ArrayList<>(before);
            reported.addAll(receipts(journal.stdoutLinesBefore(cut)));
            String at = context + ", cut before journal entry " + cut + " of " + entries.size()
                    + (writeBack ? " with write-back" : " keeping synced data only");
            try (NodeStore store = NodeStore.open(disk, NodeStore.Options.defaults(CrashRecoveryTest.TILL)
                    .withWalRecycling(recycling))) {
                CrashRecoveryTest.assertEachReportedSaleOnce(store, reported, at);
            }
            afterReuse += cut > cuts.firstReuse() ? 1 : 0;
            salesChecked += reported.size();
            deleteTree(disk);
        }
        if (recycling) {
            assertThat(afterReuse).as(context + ": cuts after the first reuse of a log file").isPositive();
        }
        LOG.info("{}: {} journal entries, {} log files reused, {} cuts checked ({} after the first reuse), "
                + "{} reported sales checked", context, entries.size(), cuts.renamedLogs(), cuts.points().size(),
                afterReuse, salesChecked);
        return cuts;
    }

    /**
     * Points to cut at: the end, just before and after syncs and new log files, and random entries.
     * Around each reuse of a log file, also the rename and the first syncs of the file under its new name.
     */
    private record Cuts(TreeSet<Integer> points, int renamedLogs, int firstReuse) {

        static Cuts choose(List<Entry> entries, int ready, Random random) {
            TreeSet<Integer> points = new TreeSet<>();
            points.add(entries.size());
            int renamedLogs = 0;
            int firstReuse = entries.size();
            int syncsSinceRename = Integer.MAX_VALUE;
            List<Integer> syncs = new ArrayList<>();
            for (int i = ready; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                if (isRenamedLog(entry)) {
                    firstReuse = Math.min(firstReuse, i);
                    renamedLogs++;
                    points.add(i);
                    points.add(i + 1);
                    syncsSinceRename = 0;
                } else if (entry.op() == Op.SYNC || (entry.op() == Op.OPEN && entry.isLogFile())) {
                    syncs.add(i);
                    syncs.add(i + 1);
                    if (entry.op() == Op.SYNC && syncsSinceRename < 3) {
                        syncsSinceRename++;
                        points.add(i + 1);
                    }
                }
            }
            for (int n = 0; n < CUTS; n++) {
                points.add(syncs.get(random.nextInt(syncs.size())));
                points.add(ready + random.nextInt(entries.size() - ready + 1));
            }
            return new Cuts(points, renamedLogs, firstReuse);
        }
    }

    /**
     * Runs the till once for each element of {@code recyclingByRun}, one after the other on the same
     * directory and journal. Each run but the last records a third of the sales of the last. The
     * directory contains the files {@code base} when the first run starts.
     */
    private FileJournal runJournaled(Path data, Map<String, byte[]> base, List<Boolean> recyclingByRun, long seed,
                                     String context) throws IOException, InterruptedException {
        Path library = compileLibrary();
        Path journal = Files.createTempFile(directory, "journal", "");
        Path errors = directory.resolve("till-errors.txt");
        for (int run = 0; run < recyclingByRun.size(); run++) {
            int sales = run == recyclingByRun.size() - 1 ? SALES_PER_THREAD : SALES_PER_THREAD / 3;
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashingTill.class.getName(), data.toString(),
                    CrashRecoveryTest.TILL, Long.toString(seed + run), recyclingByRun.get(run).toString(),
                    Integer.toString(sales))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile());
            builder.environment().put("LD_PRELOAD", library.toString());
            builder.environment().put("FILEJOURNAL_ROOT", data.toString());
            builder.environment().put("FILEJOURNAL_OUT", journal.toString());
            Process till = builder.start();
            assertThat(till.waitFor(5, TimeUnit.MINUTES)).as(context + ": journaled run " + run + " ended").isTrue();
            assertThat(till.exitValue()).as(context + ": exit status of journaled run " + run + "; its errors: "
                    + Files.readString(errors)).isZero();
        }
        return FileJournal.read(journal, data, base);
    }

    private Path compileLibrary() throws IOException, InterruptedException {
        Path source = Path.of("src", "test", "native", "filejournal.c").toAbsolutePath();
        Path library = directory.resolve("libfilejournal.so");
        Process cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O2", "-o", library.toString(), source.toString(),
                "-ldl", "-lpthread")
                .redirectErrorStream(true)
                .start();
        String output = new String(cc.getInputStream().readAllBytes());
        assertThat(cc.waitFor(2, TimeUnit.MINUTES)).as("cc ended").isTrue();
        assertThat(cc.exitValue()).as("cc " + source + ": " + output).isZero();
        return library;
    }

    /**
     * Checks every reported sale, where the cuts check a sample: a sync of the log file that received
     * the sale's event key must begin after that write and before the till reported the sale. The key
     * is found in the bytes written, because RocksDB writes a batch's keys as they are. A key that a
     * log block boundary split is not found, so the check allows 1% of keys not found.
     */
    private static void assertEachSaleSyncedBeforeReport(FileJournal journal, String context) {
        List<Entry> entries = journal.entries();
        Map<Dot, Integer> reportedAt = new LinkedHashMap<>();
        for (FileJournal.OutputLine line : journal.outputLines()) {
            Matcher matcher = CrashRecoveryTest.RECORDED.matcher(line.text());
            if (matcher.matches()) {
                reportedAt.put(Receipt.parse(matcher.group(1)), line.end());
            }
        }
        Set<ReplicaId> replicas = new HashSet<>();
        reportedAt.keySet().forEach(dot -> replicas.add(dot.replica()));
        Map<Dot, Integer> writtenAt = new HashMap<>();
        Map<Long, List<Integer>> syncsByInode = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.op() == Op.SYNC) {
                syncsByInode.computeIfAbsent(entry.inode(), inode -> new ArrayList<>()).add(i);
            } else if (entry.op() == Op.WRITE && entry.isLogFile()) {
                for (ReplicaId replica : replicas) {
                    findEventKeys(entry.data(), replica, reportedAt.keySet(), i, writtenAt);
                }
            }
        }

        int notFound = 0;
        for (Map.Entry<Dot, Integer> reported : reportedAt.entrySet()) {
            Integer written = writtenAt.get(reported.getKey());
            if (written == null) {
                notFound++;
                continue;
            }
            List<Integer> syncs = syncsByInode.getOrDefault(entries.get(written).inode(), List.of());
            int next = Collections.binarySearch(syncs, written);
            int firstSyncAfter = next >= 0 ? syncs.get(next) : -next - 1 < syncs.size() ? syncs.get(-next - 1) : -1;
            assertThat(firstSyncAfter).as(context + ": receipt " + reported.getKey() + " written at journal entry "
                    + written + ", reported at " + reported.getValue() + ", first sync of its log file after the "
                    + "write").isGreaterThan(written).isLessThan(reported.getValue());
        }
        assertThat(notFound).as(context + ": reported sales whose event key was not found in a log write, of "
                + reportedAt.size()).isLessThanOrEqualTo(reportedAt.size() / 100);
        LOG.info("{}: each of {} reported sales was synced before it was reported, {} of them not found in a log "
                + "write", context, reportedAt.size(), notFound);
    }

    /** Records, for each reported dot of {@code replica} whose event key is in {@code data}, the entry. */
    private static void findEventKeys(byte[] data, ReplicaId replica, Set<Dot> reported, int entry,
                                      Map<Dot, Integer> writtenAt) {
        byte[] key = Keys.event(replica, 0);
        byte[] withoutCounter = Arrays.copyOf(key, key.length - Long.BYTES);
        for (int at = indexOf(data, withoutCounter, 0); at >= 0; at = indexOf(data, withoutCounter, at + 1)) {
            int counterAt = at + withoutCounter.length;
            // the same bytes start other keys (the vector's, stock entries') followed by other data
            long counter = 0;
            if (counterAt + Long.BYTES <= data.length) {
                counter = ByteBuffer.wrap(data, counterAt, Long.BYTES).getLong();
            }
            if (counter > 0 && reported.contains(new Dot(replica, counter))) {
                writtenAt.putIfAbsent(new Dot(replica, counter), entry);
            }
        }
    }

    private static int indexOf(byte[] data, byte[] part, int from) {
        for (int i = from; i <= data.length - part.length; i++) {
            if (data[i] == part[0] && Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Checks that the run that recycles reuses only log files it created itself: a log file of an
     * earlier run is not written in the recyclable format, so its old records could be replayed again.
     */
    private static void assertOnlyOwnLogsReused(FileJournal journal, int runs, String context) {
        List<Entry> entries = journal.entries();
        int lastRunStart = runs == 1 ? 0 : lineEnds(journal, "DONE").get(runs - 2);
        // names of files the last run created, under their latest names: a log file reused once
        // may be reused again under its new number
        Set<String> createdInLastRun = new HashSet<>();
        for (int i = lastRunStart; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.op() == Op.OPEN && (entry.b() & 1) == 0) {
                createdInLastRun.add(entry.path());
            }
            if (isRenamedLog(entry)) {
                assertThat(createdInLastRun).as(context + ": log file reused at journal entry " + i)
                        .contains(entry.path());
                createdInLastRun.add(entry.second());
            }
        }
    }

    /** Returns the journal index just after the write that ended the first output line equal to {@code line}. */
    private static int firstLineEnd(FileJournal journal, String line) {
        return lineEnds(journal, line).get(0);
    }

    /** Returns the journal indexes just after the writes that ended output lines equal to {@code line}. */
    private static List<Integer> lineEnds(FileJournal journal, String line) {
        List<Integer> ends = journal.outputLines().stream().filter(output -> output.text().equals(line))
                .map(FileJournal.OutputLine::end).toList();
        assertThat(ends).as("output lines " + line).isNotEmpty();
        return ends;
    }

    private static boolean isRenamedLog(Entry entry) {
        return entry.op() == Op.RENAME && entry.isLogFile() && entry.second().endsWith(".log");
    }

    private static List<String> receipts(List<String> lines) {
        List<String> receipts = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = CrashRecoveryTest.RECORDED.matcher(line);
            if (matcher.matches()) {
                receipts.add(matcher.group(1));
            }
        }
        return receipts;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
