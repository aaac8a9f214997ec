package dev.tillsync.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.tillsync.node.cli.TillsyncCommand;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.pos.SaleRequest;
import dev.tillsync.node.pos.Totals;
import dev.tillsync.node.replay.SampleTotals;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full and a read-only data directory, on a small tmpfs this test mounts. Mounting needs root, as
 * the tests have here and in CI. Without it the test fails with a message that names the cause.
 */
class DiskTroubleTest {

    private static final String HQ = "hq";
    private static final Money PRICE = Money.parse("1.25");

    @TempDir
    Path directory;

    private Path mountPoint;
    private boolean mounted;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mountPoint = Files.createDirectory(directory.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.toString());
        mounted = true;
    }

    @AfterEach
    void unmountTmpfs() throws Exception {
        if (mounted) {
            run("umount", mountPoint.toString());
        }
    }

    @Test
    void fullDiskRaisesDiskFullAndKeepsEverySale() throws Exception {
        Path filler = fill(mountPoint.resolve("filler"), 1 << 20);
        Path data = mountPoint.resolve("data");
        List<Dot> recorded = new ArrayList<>();
        try (NodeStore store = open(data)) {
            PointOfSale pointOfSale = pointOfSale(store);

            StoreException full = recordUntilFull(pointOfSale, recorded);

            assertThat(full.reason()).isEqualTo(StoreException.Reason.DISK_FULL);
            assertThat(full.getMessage()).contains(data.toString()).contains("No space left on device")
                    .contains("free space on that disk");
            assertThat(recorded).hasSizeGreaterThan(100);
            Files.delete(filler);
            recorded.add(pointOfSale.recordSale(sale(recorded.size())).event().dot());
        }

        try (NodeStore reopened = open(data)) {
            List<Event> stored = reopened.events(event -> true);

            assertThat(stored).extracting(Event::dot).containsExactlyInAnyOrderElementsOf(recorded);
            assertThat(stored).allSatisfy(event -> assertThat(event.body().stockDeltas()).hasSize(5));
            assertThat(pointOfSale(reopened).totals().grossSales())
                    .isEqualTo(PRICE.times(5L * recorded.size()).toBigDecimal());
        }
    }

    @Test
    void replayIntoFullDiskExitsWithOneLineError() throws Exception {
        Path data = mountPoint.resolve("data");
        try (NodeStore store = open(data)) {
            pointOfSale(store).recordSale(sale(0));
        }
        fill(mountPoint.resolve("filler"), Files.getFileStore(mountPoint).getUsableSpace() - (200 << 10));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = TillsyncCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("replay", SampleTotals.sampleCsv().toString(), "--data", data.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("tillsync replay: cannot ")
                .contains("No space left on device")
                .contains("free space on that disk");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void readOnlyDirectoryIsRejectedAndKeepsItsData() throws Exception {
        Path data = mountPoint.resolve("data");
        Totals before;
        try (NodeStore store = open(data)) {
            for (int i = 0; i < 20; i++) {
                pointOfSale(store).recordSale(sale(i));
            }
            before = pointOfSale(store).totals();
        }
        run("mount", "-o", "remount,ro", mountPoint.toString());

        assertThatThrownBy(() -> open(data))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.READ_ONLY))
                .hasMessageContaining("Read-only file system")
                .hasMessageContaining("make the data directory writable");
        StringWriter err = new StringWriter();
        int exitCode = TillsyncCommand.newCommandLine().setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err))
                .execute("replay", SampleTotals.sampleCsv().toString(), "--data", data.toString());
        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("tillsync replay: cannot open the database in " + data)
                .contains("make the data directory writable");

        run("mount", "-o", "remount,rw", mountPoint.toString());
        try (NodeStore reopened = open(data)) {
            assertThat(reopened.reader().eventCount()).isEqualTo(20);
            assertThat(pointOfSale(reopened).totals()).isEqualTo(before);
        }
    }

    private static StoreException recordUntilFull(PointOfSale pointOfSale, List<Dot> recorded) {
        for (int i = 0; i < 1_000_000; i++) {
            try {
                recorded.add(pointOfSale.recordSale(sale(i)).event().dot());
            } catch (StoreException e) {
                return e;
            }
        }
        return fail("a tmpfs of 8 MiB never filled up");
    }

    private static SaleRequest sale(int number) {
        List<SaleLine> lines = new ArrayList<>();
        for (int line = 0; line < 5; line++) {
            lines.add(new SaleLine("SKU-" + (number % 300) + "-" + line, "D".repeat(200), 1, PRICE));
        }
        return new SaleRequest("uk", "", "ann", "2011-01-01", 0, lines,
                List.of(new Tender(TenderKind.CASH, PRICE.times(5))), "");
    }

    /** Writes a file of {@code bytes} bytes, so that deleting it frees that much space. */
    private static Path fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[64 << 10];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
        return file;
    }

    private static NodeStore open(Path data) {
        return NodeStore.open(data, NodeStore.Options.defaults(HQ));
    }

    private static PointOfSale pointOfSale(NodeStore store) {
        return new PointOfSale(store, new TreePosition(HQ, true), Clock.systemUTC());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed with exit status " + process.exitValue() + ": " + output
                    + " (this test mounts a tmpfs, so it needs root)");
        }
    }
}
