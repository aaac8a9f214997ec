package dev.tillsync.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DemoCommandTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
            + "Country\n";

    @TempDir
    Path directory;


    @Test
    void headerOnlyLogFailsBeforeChainStarts() throws IOException {
        Path csv = Files.writeString(directory.resolve("header.csv"), HEADER);
        Path data = directory.resolve("data");

        CliResult result = demo(csv, data);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tillsync demo: no row of " + csv + " could be replayed: it has no rows"
                + " after its header (0 rows rejected)\n");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void logOfRejectedRowsFailsBeforeChainStarts() throws IOException {
        Path csv = Files.writeString(directory.resolve("zero.csv"),
                HEADER + "536365,85123A,HOLDER,0,2010-12-01 08:26:00,2.55,17850.0,France\n");
        Path data = directory.resolve("data");

        CliResult result = demo(csv, data);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tillsync demo: no row of " + csv + " could be replayed: 1 of 1 rows"
                + " rejected, the first at line 2: Quantity: 0 (expected: a non-zero integer, because a line moves"
                + " at least one unit)\n");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void demoRestoresLogLevel() throws IOException {
        Path csv = Files.writeString(directory.resolve("one.csv"),
                HEADER + "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,France\n");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();

        CliResult result = demo(csv, directory.resolve("data"));

        assertThat(result.exitCode()).isZero();
        assertThat(root.getLevel()).isEqualTo(before);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void rejectedRowsArePrintedUpToTwenty() throws IOException {
        StringBuilder rows = new StringBuilder(HEADER)
                .append("536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,France\n")
                .append("536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,,Germany\n");
        for (int i = 0; i < 23; i++) {
            rows.append("5364").append(10 + i).append(",22633,WARMER,0,2010-12-01 08:28:00,1.85,,France\n");
        }
        Path csv = Files.writeString(directory.resolve("log.csv"), rows);

        CliResult result = demo(csv, directory.resolve("data"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("23 rows rejected");
        List<String> expected = new ArrayList<>();
        for (int line = 4; line < 24; line++) {
            expected.add("line " + line + ": Quantity: 0 (expected: a non-zero integer, because a line moves at"
                    + " least one unit)");
        }
        expected.add("... and 3 more rejected rows");
        assertThat(result.err().lines().toList()).isEqualTo(expected);
    }

    private static CliResult demo(Path csv, Path data) throws IOException {
        Files.createDirectories(data);
        return CliResult.run("demo", "--headless", "--replay", csv.toString(), "--data", data.toString(), "--rate", "0",
                "--outage-ms", "0");
    }
}
