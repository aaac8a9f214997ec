package dev.tillsync.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.store.FileJournal.Entry;
import dev.tillsync.node.store.FileJournal.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        FileJournal journal = runJournaled(data, runs, random.nextLong(), context);
        List<Entry> entries = journal.entries();

        int ready = firstLineEnd(journal, "READY");
        assertThat(journal.stdoutLinesBefore(entries.size())).as(context + ": the till finished its sales")
                .filteredOn("DONE"::equals).hasSize(runs.size());
        Cuts cuts = Cuts.choose(entries, ready, random);
        if (recycling) {
            assertThat(cuts.renamedLogs()).as(context + ": log files renamed for reuse").isPositive();
            assertOnlyOwnLogsReused(journal, context);
        } else {
            assertThat(cuts.renamedLogs()).as(context + ": log files renamed for reuse").isZero();
        }
        int checked = 0;
        int afterReuse = 0;
        long salesChecked = 0;
        for (int cut : cuts.points()) {
            boolean writeBack = random.nextBoolean();
            Path disk = directory.resolve("cut-" + cut);
            journal.diskAt(cut, writeBack ? new Random(random.nextLong()) : null, disk);
            List<String> reported = receipts(journal.stdoutLinesBefore(cut));
            String at = context + ", cut before journal entry " + cut + " of " + entries.size()
                    + (writeBack ? " with write-back" : " keeping synced data only");
            try (NodeStore store = NodeStore.open(disk, NodeStore.Options.defaults(CrashRecoveryTest.TILL)
                    .withWalRecycling(recycling))) {
                CrashRecoveryTest.assertEachReportedSaleOnce(store, reported, at);
            }
            checked++;
            afterReuse += cut > cuts.firstReuse() ? 1 : 0;
            salesChecked += reported.size();
            deleteTree(disk);
        }
        if (recycling) {
            assertThat(afterReuse).as(context + ": cuts after the first reuse of a log file").isPositive();
        }
        LOG.info("{}: {} journal entries, {} log files reused, {} cuts checked ({} after the first reuse), "
                + "{} reported sales checked", context, entries.size(), cuts.renamedLogs(), checked, afterReuse,
                salesChecked);
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
     * directory and journal. Each run but the last records a third of the sales of the last.
     */
    private FileJournal runJournaled(Path data, List<Boolean> recyclingByRun, long seed, String context)
            throws IOException, InterruptedException {
        Path library = compileLibrary();
        Path journal = directory.resolve("journal");
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
        return FileJournal.read(journal, data);
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
     * Checks that the run that recycles reuses only log files it created itself: a log file of an
     * earlier run is not written in the recyclable format, so its old records could be replayed again.
     */
    private static void assertOnlyOwnLogsReused(FileJournal journal, String context) {
        List<Entry> entries = journal.entries();
        int lastRunStart = lineEnds(journal, "DONE").get(0);
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
        List<Integer> ends = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        List<Entry> entries = journal.entries();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.op() != Op.STDOUT) {
                continue;
            }
            for (char c : new String(entry.data(), StandardCharsets.UTF_8).toCharArray()) {
                if (c != '\n') {
                    current.append(c);
                } else {
                    if (current.toString().equals(line)) {
                        ends.add(i + 1);
                    }
                    current.setLength(0);
                }
            }
        }
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
