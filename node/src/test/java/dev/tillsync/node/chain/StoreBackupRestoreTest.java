package dev.tillsync.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.HostPort;
import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.Directories;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is put back to a backup taken before its tills' last 50 sales and before a delivery it
 * recorded itself. The tills send the sales again, hq sends the delivery back, and nothing is
 * counted twice anywhere.
 */
class StoreBackupRestoreTest {

    private static final List<String> TILLS = List.of("s1/till-1", "s1/till-2");
    private static final List<String> SKUS = List.of("A", "B");
    private static final int SALES_BEFORE_BACKUP = 10;
    private static final int SALES_AFTER_BACKUP = 50;

    @TempDir
    Path directory;

    private ChainFixture chain;

    @AfterEach
    void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void restoredStoreGetsEverySaleOnce() throws IOException {
        chain = ChainFixture.start(directory, TestSettings.fast());
        SKUS.forEach(sku -> chain.store().pos().receiveStock("", sku, 500, "delivery 1", ""));
        TILLS.forEach(chain::startTill);
        List<Dot> sales = sell(SALES_BEFORE_BACKUP);
        chain.awaitConverged();
        ReplicaId storeBefore = chain.store().store().self();
        Path storeData = chain.nodes().dataOf(ChainFixture.STORE);
        Path backup = directory.resolve("s1-backup");
        HostPort storeAddress = chain.stopStore();
        Directories.copy(storeData, backup);
        chain.startStore(storeAddress);
        Dot delivery = chain.store().pos().receiveStock("", "A", 20, "delivery 2", "").dot();
        sales.addAll(sell(SALES_AFTER_BACKUP));
        chain.awaitConverged();
        chain.stopStore();
        Directories.delete(storeData);

        Directories.copy(backup, storeData);
        NodeRuntime restored = chain.startStore(storeAddress);
        chain.awaitConverged();

        assertThat(restored.store().self()).as("incarnation after the restore").isNotEqualTo(storeBefore);
        for (NodeRuntime node : List.of(chain.hq(), restored)) {
            for (Dot dot : sales) {
                assertThat(node.store().reader().event(dot)).as("sale " + dot + " at " + node.nodeId()).isPresent();
            }
            assertThat(node.store().reader().event(delivery)).as("delivery at " + node.nodeId()).isPresent();
            assertThat(Trading.salesHeld(node)).as("sales at " + node.nodeId()).isEqualTo(sales.size());
        }
        List<Event> atHq = chain.hq().store().events(event -> true);
        Map<String, Long> implied = Trading.stockImpliedBy(atHq, ChainFixture.STORE);
        assertThat(implied.get("A") + implied.get("B")).isEqualTo(2 * 500 + 20 - sales.size());
        for (String sku : SKUS) {
            for (NodeRuntime node : chain.running()) {
                assertThat(node.pos().stockOnHand(ChainFixture.STORE, sku)).as(sku + " at " + node.nodeId())
                        .isEqualTo(implied.get(sku));
            }
        }
    }

    /** Sells {@code count} one-unit sales, spread over the tills and SKUs. */
    private List<Dot> sell(int count) {
        List<Dot> dots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NodeRuntime till = chain.till(TILLS.get(i % TILLS.size()));
            dots.add(Trading.sell(till, SKUS.get(i / TILLS.size() % SKUS.size()), 1).event().dot());
        }
        return dots;
    }
}
