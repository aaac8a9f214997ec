package dev.tillsync.node.chain;

import static dev.tillsync.node.chain.support.ChainFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.FaultProxy;
import dev.tillsync.node.chain.support.FaultProxy.Direction;
import dev.tillsync.node.chain.support.FaultProxy.Fault;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.store.EventDraft;
import dev.tillsync.node.sync.SyncSettings;
import dev.tillsync.proto.v1.FrameProto;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new till bootstraps from a store with many stock entries and prices, in small chunks, while its
 * link is cut every few hundred milliseconds. Each chunk is delayed a little on its way down so
 * that the snapshot needs several times the cut period of link time, whatever the disk's speed.
 */
class BootstrapUnderCutsTest {

    private static final String TILL = "s1/till-1";
    private static final int SKUS = 400;
    private static final int CHAIN_PRICES = 100;
    private static final int STORE_PRICES = 20;
    private static final int CHUNK_ITEMS = 5;
    private static final long CHUNK_DELAY_MILLIS = 10;
    private static final long CUT_PERIOD_MILLIS = 500;

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
    void bootstrapSurvivesRepeatedCuts() {
        SyncSettings settings = TestSettings.withSnapshotChunkItems(TestSettings.fast(), CHUNK_ITEMS);
        chain = ChainFixture.start(directory, settings);
        stockAndPrice();
        FaultProxy proxy = FaultProxy.start(chain.store().listenAddress());
        proxy.delayMillis(CHUNK_DELAY_MILLIS);
        proxy.policy((direction, frame) -> direction == Direction.DOWN && frame.hasSnapshotChunk() ? Fault.DELAY
                : Fault.PASS);

        proxy.cutEvery(CUT_PERIOD_MILLIS);
        NodeRuntime till = chain.nodes().start(TILL, chain.nodes().dataOf(TILL), proxy.address(), null);
        try {
            eventually("the bootstrap to finish").until(() -> !till.replicator().needsBootstrap());
            int connections = proxy.connections();
            proxy.stopCutting();
            proxy.passAll();

            int chunks = (SKUS + CHAIN_PRICES + STORE_PRICES) / CHUNK_ITEMS;
            assertThat(connections).as("connections the bootstrap needed").isGreaterThanOrEqualTo(3);
            assertThat(proxy.frames(Direction.DOWN, FrameProto.KindCase.SNAPSHOT_CHUNK))
                    .as("chunks sent: a cut bootstrap resumes, it does not start over").isBetween((long) chunks,
                            (long) chunks * 2);
            eventually("the till to catch up").until(() -> till.parentConnected()
                    && till.replicator().status(System.currentTimeMillis()).getUnacknowledgedEvents() == 0);
            assertThat(till.store().reader().digest(Scope.store(ChainFixture.STORE)))
                    .isEqualTo(chain.store().store().reader().digest(Scope.store(ChainFixture.STORE)));
            assertThat(till.store().reader().digest(Scope.chain()))
                    .isEqualTo(chain.hq().store().reader().digest(Scope.chain()));
            assertThat(till.pos().stockOnHand("", "SKU-" + (SKUS - 1))).isEqualTo(SKUS);
            assertThat(till.pos().price("", "SKU-0")).contains(Money.parse("0.50"));
            assertThat(till.pos().price("", "SKU-" + (CHAIN_PRICES - 1))).contains(Money.parse("1.00"));
            assertThat(till.store().reader().prices(Scope.chain()).registers()).hasSize(CHAIN_PRICES);
        } finally {
            proxy.close();
        }
    }

    /** Gives the store one stock entry per SKU and hq a chain price per SKU, which the store overrides for some. */
    private void stockAndPrice() {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < SKUS; i++) {
            writes.add(chain.store().pos().adjustStockAsync("", "SKU-" + i, i + 1, "opening count", "", ""));
        }
        for (int i = 0; i < CHAIN_PRICES; i++) {
            EventBody price = new EventBody.PriceSet("SKU-" + i, Money.parse("1.00"));
            writes.add(chain.hq().store().append(new EventDraft(Scope.chain(), LocalDate.now(), price, null)));
        }
        writes.forEach(CompletableFuture::join);
        eventually("hq's prices at the store").until(() -> chain.store().store().reader().prices(Scope.chain())
                .registers().size() == CHAIN_PRICES);
        for (int i = 0; i < STORE_PRICES; i++) {
            chain.store().pos().setPrice(Scope.store(ChainFixture.STORE), "SKU-" + i, Money.parse("0.50"));
        }
    }
}
