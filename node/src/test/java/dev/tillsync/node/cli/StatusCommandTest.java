package dev.tillsync.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.sync.SyncSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tillsync status} against nodes running in this process. */
class StatusCommandTest {

    private static final HostPort ANY_PORT = new HostPort("127.0.0.1", 0);

    @TempDir
    Path directory;

    private final Transport transport = new Transport(1, SyncSettings.defaults().maxFrameBytes(), null, null);

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void unreachedParentIsShownFromStart() throws IOException {
        HostPort parent = unusedAddress();
        NodeRuntime.Config config = NodeRuntime.Config.of("s1/till-1", directory.resolve("till"), ANY_PORT, parent);

        try (NodeRuntime till = NodeRuntime.start(config, transport)) {
            String node = till.listenAddress().toString();
            String incarnation = till.store().self().incarnationHex();

            String text = run("status", "--node", node);
            String json = run("status", "--node", node, "--json");

            assertThat(text).contains("parent: " + parent + ", not connected yet\n");
            assertThat(text).contains("(incarnation " + incarnation + ")");
            assertThat(json).contains("\"parentAddress\": \"" + parent + "\"");
            assertThat(json).contains("\"incarnation\": \"" + incarnation + "\"");
        }
    }

    @Test
    void lastSaleIsLatestSaleHeld() throws IOException {
        Path data = directory.resolve("hq");
        Path csv = Files.writeString(directory.resolve("log.csv"), "InvoiceNo,StockCode,Description,Quantity,"
                + "InvoiceDate,UnitPrice,CustomerID,Country\n"
                + "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
                + "536366,22633,WARMER,6,2010-12-02 09:28:00,1.85,,France\n");
        run("replay", csv.toString(), "--data", data.toString());

        try (NodeRuntime hq = NodeRuntime.start(NodeRuntime.Config.of("hq", data, ANY_PORT, null), transport)) {
            String text = run("status", "--node", hq.listenAddress().toString());

            assertThat(text).contains("last sale: 2010-12-02 09:28:00");
        }
    }

    private static HostPort unusedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new HostPort("127.0.0.1", socket.getLocalPort());
        }
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TillsyncCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        assertThat(exitCode).as(err.toString()).isZero();
        return out.toString();
    }
}
