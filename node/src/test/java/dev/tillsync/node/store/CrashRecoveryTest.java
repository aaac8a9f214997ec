package dev.tillsync.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Receipt;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.pos.PointOfSale;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a till process with SIGKILL at random moments while it records sales, restarts it on the
 * same data directory, and checks that every sale it reported as recorded is stored exactly once.
 * Set {@code -Dtillsync.crash.seed=N} to replay a run; the seed is logged and in failure messages.
 *
 * <p>The store recycles its write-ahead log files, as by default. A run of CI kills the till after
 * 0.15 to 1 s, before a log file is reused. With {@code -Dtillsync.crash.long=true} each run lasts 3
 * to 12 s: at the 10,000 or so sales a second the till records, that is long enough to pass the 8 MiB
 * of log after which RocksDB reuses a log file (an estimate). The test then takes about a minute, so
 * CI does not run it. {@code -Dtillsync.crash.recycling=false} runs it on a store that does not
 * recycle its log files.
 */
class CrashRecoveryTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryTest.class);
    static final String TILL = "uk/till-1";
    private static final int KILLS = 6;
    static final Pattern RECORDED = Pattern.compile("^RECORDED (\\S+) END$");

    @TempDir
    Path directory;

    @Test
    void everyReportedSaleSurvivesSigkillExactlyOnce() throws Exception {
        long seed = Long.getLong("tillsync.crash.seed", System.nanoTime());
        boolean recycling = Boolean.parseBoolean(System.getProperty("tillsync.crash.recycling", "true"));
        boolean longRuns = Boolean.getBoolean("tillsync.crash.long");
        LOG.info("crash test seed {} (replay with -Dtillsync.crash.seed={}), log recycling {}, long runs {}",
                seed, seed, recycling, longRuns);
        Random random = new Random(seed);
        Path data = directory.resolve("data");
        List<String> reported = new ArrayList<>();

        for (int kill = 0; kill < KILLS; kill++) {
            long millis = longRuns ? 3_000 + random.nextInt(9_000) : 150 + random.nextInt(900);
            reported.addAll(runAndKill(data, recycling, random.nextLong(), millis, "seed " + seed));
        }
        LOG.info("{} sales reported recorded before the kills", reported.size());

        try (NodeStore store = NodeStore.open(data, NodeStore.Options.defaults(TILL).withWalRecycling(recycling))) {
            assertThat(reported).as("seed " + seed).hasSizeGreaterThan(KILLS);
            assertEachReportedSaleOnce(store, reported, "seed " + seed);
        }
    }

    /**
     * Checks that the store contains each reported receipt exactly once, no event twice, stock that
     * agrees with its events, and a version vector that counts every event.
     */
    static void assertEachReportedSaleOnce(NodeStore store, List<String> reported, String context) {
        List<Event> stored = store.events(event -> true);
        Map<Dot, Integer> storedCount = new HashMap<>();
        stored.forEach(event -> storedCount.merge(event.dot(), 1, Integer::sum));
        PointOfSale pointOfSale = new PointOfSale(store, new TreePosition(TILL, false), Clock.systemUTC());

        for (String receipt : reported) {
            assertThat(storedCount.get(Receipt.parse(receipt))).as(context + ", receipt " + receipt).isEqualTo(1);
        }
        assertThat(storedCount.values()).as(context).allMatch(count -> count == 1);
        assertThat(stored.size()).as(context).isGreaterThanOrEqualTo(reported.size());
        NodeStoreTest.stockImpliedBy(stored).forEach((sku, units) ->
                assertThat(pointOfSale.stockOnHand("", sku)).as(context + ", " + sku).isEqualTo(units));
        long vectorTotal = store.vector().counters().values().stream().mapToLong(Long::longValue).sum();
        assertThat(vectorTotal).as(context + ": version vector counts every stored event").isEqualTo(stored.size());
    }

    /**
     * Starts the till, kills it with SIGKILL {@code millis} after it is ready and returns the receipts
     * it printed. Its output is read while it runs: a till whose pipe is full blocks on printing and
     * would be killed while idle.
     */
    private static List<String> runAndKill(Path data, boolean recycling, long seed, long millis, String context)
            throws IOException, InterruptedException {
        Process till = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingTill.class.getName(), data.toString(), TILL,
                Long.toString(seed), Boolean.toString(recycling))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        AtomicReference<String> firstLine = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        List<String> receipts = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> readReceipts(till, firstLine, started, receipts), "crashing-till-output");
        reader.start();

        assertThat(started.await(60, TimeUnit.SECONDS)).as(context + ": the till process printed a line").isTrue();
        assertThat(firstLine.get()).as(context + ": first line of the till process").isEqualTo("READY");
        Thread.sleep(millis);
        // ProcessHandle sends SIGKILL without closing our end of the pipe, as Process.destroyForcibly does,
        // so the lines printed just before the kill can still be read
        till.toHandle().destroyForcibly();
        assertThat(till.waitFor(10, TimeUnit.SECONDS)).as(context + ": till ended after SIGKILL").isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(reader.isAlive()).as(context + ": output read to its end").isFalse();
        // 128 + 9: the process ended by SIGKILL, not by an exit of its own
        assertThat(till.exitValue()).as(context + ": exit status of the killed till").isEqualTo(137);
        synchronized (receipts) {
            return new ArrayList<>(receipts);
        }
    }

    private static void readReceipts(Process till, AtomicReference<String> firstLine, CountDownLatch started,
                                     List<String> receipts) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(till.getInputStream(),
                StandardCharsets.UTF_8))) {
            firstLine.set(out.readLine());
            started.countDown();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher matcher = RECORDED.matcher(line);
                if (matcher.matches()) {
                    receipts.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            LOG.warn("reading the till's output failed", e);
        } finally {
            started.countDown();
        }
    }
}
