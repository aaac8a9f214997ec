package dev.tillsync.node.cli;

import static dev.tillsync.node.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option values and addresses a user can get wrong: each fails with one line and exit code 1. */
class InvalidOptionsTest {

    @TempDir
    Path directory;


    @Test
    void busyPortLeavesNoDirectory() throws IOException {
        Path data = directory.resolve("new").resolve("hq2");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + busy.getLocalPort();

            CliResult result = run("node", "--id", "hq2", "--listen", listen, "--data", data.toString());

            assertOneLine(result, "tillsync node: cannot listen on " + listen + ": ");
            assertThat(result.err()).contains("choose another --listen address");
        }
        assertThat(directory.resolve("new")).doesNotExist();
    }

    @Test
    void foreignAddressLeavesNoDirectory() {
        Path data = directory.resolve("hq2");

        CliResult result = run("node", "--id", "hq2", "--listen", "192.0.2.1:0", "--data", data.toString());

        assertOneLine(result, "tillsync node: cannot listen on 192.0.2.1:0: ");
        assertThat(data).doesNotExist();
    }

    @Test
    void nodeRejectsNegativeDrift() {
        Path data = directory.resolve("hq");

        CliResult result = run("node", "--id", "hq", "--max-drift-ms", "-1", "--data", data.toString());

        assertInvalid(result, "tillsync node: --max-drift-ms: -1 (expected: 0 or more)");
        assertThat(data).doesNotExist();
    }

    @Test
    void statusRejectsNegativeTimeout() {
        CliResult result = run("status", "--node", "127.0.0.1:1", "--timeout-ms", "-1");

        assertInvalid(result, "tillsync status: --timeout-ms: -1 (expected: 1 to 2147483647)");
    }

    @Test
    void demoRejectsSalesOutsideRange() {
        CliResult none = run("demo", "--sales", "0");
        CliResult negative = run("demo", "--sales", "-3");

        assertInvalid(none, "tillsync demo: --sales: 0 (expected: 1 or more)");
        assertInvalid(negative, "tillsync demo: --sales: -3 (expected: 1 or more)");
    }

    @Test
    void demoRejectsNegativeOutageAndRate() {
        CliResult outage = run("demo", "--outage-ms", "-5");
        CliResult rate = run("demo", "--rate", "-1");

        assertInvalid(outage, "tillsync demo: --outage-ms: -5 (expected: 0 or more)");
        assertInvalid(rate, "tillsync demo: --rate: -1.0 (expected: 0 or more operations per second)");
    }

    @Test
    void demoChecksJsonDirectoryBeforeStarting() {
        Path json = directory.resolve("missing").resolve("out.json");

        CliResult result = run("demo", "--json", json.toString(), "--data", directory.resolve("chain").toString());

        assertOneLine(result, "tillsync demo: --json: " + json + ": directory " + json.getParent() + " not found");
        assertThat(directory.resolve("chain")).doesNotExist();
    }

    @Test
    void nodeRejectsThreeSegmentId() {
        Path data = directory.resolve("x");

        CliResult result = run("node", "--id", "uk-london/till-1/x", "--parent", "127.0.0.1:1", "--data",
                data.toString());

        assertInvalid(result, "tillsync node: node id: \"uk-london/till-1/x\" has 3 segments");
        assertThat(data).doesNotExist();
    }

    @Test
    void nodeRejectsStoreNamedLikeRoot() {
        Path data = directory.resolve("hq");

        CliResult result = run("node", "--id", "hq", "--parent", "127.0.0.1:1", "--data", data.toString());

        assertInvalid(result, "tillsync node: store id: \"hq\" is the id of the root");
        assertThat(data).doesNotExist();
    }

    @Test
    void replayRejectsRowOfCountryHq() throws IOException {
        Path csv = Files.writeString(directory.resolve("log.csv"), "InvoiceNo,StockCode,Description,Quantity,"
                + "InvoiceDate,UnitPrice,CustomerID,Country\n"
                + "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,hq\n"
                + "536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,,France\n");

        CliResult result = run("replay", csv.toString(), "--data", directory.resolve("root").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"sales\": 1,").contains("\"rejected_rows\": 1,");
        assertThat(result.err().lines().toList()).containsExactly("line 2: Country: \"hq\" is not usable as a"
                + " store id, because it is reserved for the root of a chain (expected: any other country name)");
    }

    private static void assertOneLine(CliResult result, String start) {
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith(start);
        assertThat(result.err().lines()).hasSize(1);
    }

    /** Asserts the one-line error and exit code 2 of an option value out of its range. */
    private static void assertInvalid(CliResult result, String start) {
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith(start);
        assertThat(result.err().lines()).hasSize(1);
    }

}
