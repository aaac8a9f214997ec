package dev.tillsync.node.chain;

import static dev.tillsync.node.chain.support.ChainFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.chain.support.Commands;
import dev.tillsync.node.chain.support.NodeProcess;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Receipt;
import dev.tillsync.node.net.StatusClient;
import dev.tillsync.node.net.Transport;
import dev.tillsync.node.replay.SampleTotals;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.sync.Protocol;
import dev.tillsync.proto.v1.NodeStatusProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hq, a store and two tills, each its own JVM on 127.0.0.1. The tills trade at a steady pace while
 * the store is killed with SIGKILL and started again on the same data directory and port. Every
 * receipt a till printed, and only those, ends up at hq once.
 */
class MultiProcessChainTest {

    private static final long SALE_INTERVAL_MILLIS = 20;
    private static final int SALES_PER_PHASE = 15;
    /** Exit status of a JVM ended by SIGKILL: 128 + 9. */
    private static final int KILLED = 137;

    @TempDir
    Path directory;

    private final List<NodeProcess> processes = new ArrayList<>();
    private final Transport transport = new Transport(1, 16 << 20, null, null);

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        try {
            for (NodeProcess process : processes) {
                process.close();
            }
        } finally {
            transport.close();
        }
    }

    @Test
    void receiptsReachHqOnceAfterStoreKill() throws Exception {
        NodeProcess hq = start("hq", null, 0, null);
        HostPort hqAddress = hq.listenAddress();
        NodeProcess store = start("s1", hqAddress, 0, null);
        HostPort storeAddress = store.listenAddress();
        List<NodeProcess> tills = List.of(start("s1/till-1", storeAddress, SALE_INTERVAL_MILLIS, null),
                start("s1/till-2", storeAddress, SALE_INTERVAL_MILLIS, null));
        awaitMoreReceipts(tills);
        for (NodeProcess till : tills) {
            awaitStatus(till, "sales at the store", status -> status.getEventsDurableAtParent() > 0);
        }

        assertThat(store.kill()).as("exit status of the killed store").isEqualTo(KILLED);
        for (NodeProcess till : tills) {
            awaitStatus(till, "trading offline", status -> !status.getParentConnected()
                    && status.getUnacknowledgedEvents() > 0);
        }
        awaitMoreReceipts(tills);
        NodeProcess restarted = start("s1", hqAddress, 0, storeAddress);
        assertThat(restarted.listenAddress()).isEqualTo(storeAddress);
        for (NodeProcess till : tills) {
            awaitStatus(till, "back online", NodeStatusProto::getParentConnected);
        }
        awaitMoreReceipts(tills);
        List<String> receipts = new ArrayList<>();
        for (NodeProcess till : tills) {
            till.stopSelling();
            receipts.addAll(till.receipts());
        }
        for (NodeProcess node : List.of(tills.get(0), tills.get(1), restarted)) {
            awaitStatus(node, "nothing unacknowledged", status -> status.getUnacknowledgedEvents() == 0);
        }
        for (NodeProcess node : List.of(tills.get(0), tills.get(1), restarted, hq)) {
            assertThat(node.stop()).as("exit status of " + node.nodeId()).isZero();
        }

        assertThat(new HashSet<>(receipts)).as("receipts printed").hasSize(receipts.size());
        assertHqHoldsExactly(receipts, directory.resolve("hq"));
    }

    private void assertHqHoldsExactly(List<String> receipts, Path hqData) {
        Map<String, Object> report = SampleTotals.parseReport(Commands.run("report", "--data", hqData.toString(),
                "--json"));
        assertThat(report.get("sales")).isEqualTo(Integer.toString(receipts.size()));
        assertThat(report.get("gross_sales")).isEqualTo(Trading.PRICE.times(receipts.size()).toString());
        try (NodeStore store = NodeStore.open(hqData, NodeStore.Options.defaults("hq"))) {
            for (String receipt : receipts) {
                assertThat(store.reader().event(Receipt.parse(receipt)).map(Event::body)).as("receipt " + receipt)
                        .containsInstanceOf(EventBody.SaleCompleted.class);
            }
            Set<String> atHq = new HashSet<>();
            store.events(event -> event.body() instanceof EventBody.SaleCompleted)
                    .forEach(event -> atHq.add(Receipt.number(event.dot())));
            assertThat(atHq).containsExactlyInAnyOrderElementsOf(receipts);
        }
    }

    private NodeProcess start(String nodeId, HostPort parent, long saleIntervalMillis, HostPort listen)
            throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "chain-logs"));
        Path log = logs.resolve(getClass().getSimpleName() + "-" + processes.size() + "-" + nodeId.replace('/', '_')
                + ".log");
        Files.deleteIfExists(log);
        NodeProcess process = NodeProcess.start(nodeId, directory.resolve(nodeId.replace('/', '_')),
                listen != null ? listen : new HostPort("127.0.0.1", 0), parent, saleIntervalMillis, log);
        processes.add(process);
        return process;
    }

    /** Waits until every till has printed {@link #SALES_PER_PHASE} more receipts than now. */
    private static void awaitMoreReceipts(List<NodeProcess> tills) {
        for (NodeProcess till : tills) {
            int target = till.receipts().size() + SALES_PER_PHASE;
            eventually(target + " receipts from " + till.nodeId()).until(() -> till.receipts().size() >= target);
        }
    }

    /** Waits until the status a node reports over its port meets {@code condition}. */
    private void awaitStatus(NodeProcess node, String description, Predicate<NodeStatusProto> condition) {
        HostPort address = node.listenAddress();
        eventually(node.nodeId() + ": " + description).ignoreExceptions().until(() -> condition.test(StatusClient.fetch(
                transport, address.host(), address.port(), Protocol.VERSION, 5_000).getSelf()));
    }
}
