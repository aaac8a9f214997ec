package dev.tillsync.node.cli;

import static dev.tillsync.node.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tillsync snapshot export|restore} on damaged files and wrong targets. */
class SnapshotCommandTest {

    private static final String CSV = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
            + "Country\n"
            + "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
            + "536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,,France\n"
            + "536367,22632,WARMER,-2,2010-12-01 08:29:00,0,,France\n";

    @TempDir
    Path directory;

    private Path hq;
    private Path backup;


    @BeforeEach
    void exportBackupOfHq() throws IOException {
        hq = directory.resolve("hq");
        Path csv = directory.resolve("log.csv");
        Files.writeString(csv, CSV, StandardCharsets.UTF_8);
        assertThat(run("replay", csv.toString(), "--data", hq.toString()).exitCode()).isZero();
        backup = directory.resolve("hq.snapshot");
        assertThat(run("snapshot", "export", "--data", hq.toString(), "--out", backup.toString()).exitCode())
                .isZero();
    }

    @Test
    void truncatedFileLeavesNoNode() throws IOException {
        byte[] whole = Files.readAllBytes(backup);
        Path truncated = directory.resolve("truncated.snapshot");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 10));
        Path target = directory.resolve("restored");

        CliResult failed = run("snapshot", "restore", truncated.toString(), "--data", target.toString());

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains(truncated.toString()).contains("export it again");
        assertThat(failed.err().lines()).hasSize(1);
        assertThat(target).doesNotExist();
        assertThat(run("snapshot", "restore", backup.toString(), "--data", target.toString()).exitCode()).isZero();
    }

    @Test
    void changedByteIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(backup);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("HOLDER");
        assertThat(at).as("description in the snapshot file").isPositive();
        bytes[at] = 'F';
        Path damaged = directory.resolve("damaged.snapshot");
        Files.write(damaged, bytes);
        Path target = directory.resolve("restored");

        CliResult failed = run("snapshot", "restore", damaged.toString(), "--data", target.toString());

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains(damaged.toString()).contains("is damaged").contains("export it again");
        assertThat(target).doesNotExist();
    }

    @Test
    void failedRestoreEmptiesAnExistingDirectory() throws IOException {
        byte[] whole = Files.readAllBytes(backup);
        Path truncated = directory.resolve("half.snapshot");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        Path target = Files.createDirectories(directory.resolve("empty"));

        CliResult failed = run("snapshot", "restore", truncated.toString(), "--data", target.toString());

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void storeWithUnfinishedRestoreIsRefused() {
        Path target = directory.resolve("interrupted");
        try (NodeStore store = NodeStore.open(target, NodeStore.Options.defaults("hq"))) {
            store.putMeta(NodeStore.RESTORE_IN_PROGRESS, "hq.snapshot".getBytes(StandardCharsets.UTF_8)).join();
        }

        assertThatThrownBy(() -> NodeStore.open(target, NodeStore.Options.defaults("hq")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unfinished restore of the snapshot file hq.snapshot")
                .hasMessageContaining("delete the directory");
        assertThatThrownBy(() -> NodeStore.openReadOnly(target))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unfinished restore");
        CliResult report = run("report", "--data", target.toString());
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.err()).contains("unfinished restore");
    }

    @Test
    void exportForANodeOutsideTheChildrenIsRefused() {
        Path out = directory.resolve("till.snapshot");

        CliResult till = run("snapshot", "export", "--data", hq.toString(), "--out", out.toString(),
                "--for", "France/till-1");
        CliResult store = run("snapshot", "export", "--data", hq.toString(), "--out", out.toString(),
                "--for", "France");

        assertThat(till.exitCode()).isEqualTo(1);
        assertThat(till.err()).contains("France/till-1 is not a child of hq");
        assertThat(store.exitCode()).isZero();
        assertThat(out).isRegularFile();
    }

}
