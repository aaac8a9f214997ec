package dev.tillsync.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.FaultProxy;
import dev.tillsync.node.chain.support.FaultProxy.Direction;
import dev.tillsync.node.chain.support.FaultProxy.Fault;
import dev.tillsync.node.chain.support.Frames;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.pos.RecordedSale;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store applies a till's batch but its acknowledgements are lost, so the till sends the batch
 * again after its acknowledgement timeout, more than once.
 */
class LostAcknowledgementTest {

    private static final int SENDS = 3;

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
    void resentBatchLeavesOneSaleAndOneDecrement() {
        chain = ChainFixture.start(directory, TestSettings.fast());
        chain.store().pos().receiveStock("", "A", 10, "delivery 1", "");
        NodeRuntime till = chain.startTillBehindProxy("s1/till-1");
        chain.awaitConverged();
        FaultProxy proxy = chain.proxyOf("s1/till-1");
        Dot next = new Dot(till.store().self(), till.store().vector().get(till.store().self()) + 1);
        AtomicInteger sends = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        proxy.policy((direction, frame) -> {
            if (direction == Direction.UP && Frames.carries(frame, next)) {
                sends.incrementAndGet();
            }
            if (direction == Direction.DOWN && Frames.acknowledges(frame, next) && sends.get() < SENDS) {
                dropped.incrementAndGet();
                return Fault.DROP;
            }
            return Fault.PASS;
        });

        RecordedSale sale = Trading.sell(till, "A", 3);
        chain.awaitConverged();

        assertThat(sale.event().dot()).isEqualTo(next);
        assertThat(sends.get()).as("batches that carried the sale").isGreaterThanOrEqualTo(SENDS);
        assertThat(dropped.get()).as("acknowledgements dropped").isGreaterThanOrEqualTo(SENDS - 1);
        for (NodeRuntime node : List.of(chain.hq(), chain.store(), till)) {
            assertThat(Trading.salesHeld(node)).as("sales at " + node.nodeId()).isEqualTo(1);
            assertThat(node.pos().stockOnHand(ChainFixture.STORE, "A")).as("stock at " + node.nodeId()).isEqualTo(7);
        }
        assertThat(chain.hq().pos().totals().grossSales()).isEqualTo(Money.parse("3.75").toBigDecimal());
    }
}
