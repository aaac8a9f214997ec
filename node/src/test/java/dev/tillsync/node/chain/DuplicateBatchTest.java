package dev.tillsync.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.chain.support.ChainFixture;
import dev.tillsync.node.chain.support.FaultProxy;
import dev.tillsync.node.chain.support.FaultProxy.Fault;
import dev.tillsync.node.chain.support.TestSettings;
import dev.tillsync.node.chain.support.Trading;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.pos.RecordedSale;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event batches and acknowledgements on the tills' links are sent twice, swapped with the next frame
 * or overtaken by later ones, both ways, while the tills record sales faster than one batch holds.
 */
class DuplicateBatchTest {

    private static final List<String> TILLS = List.of("s1/till-1", "s1/till-2");
    private static final List<String> SKUS = List.of("A", "B");
    private static final int SALES_PER_TILL = 40;
    private static final long OPENING_STOCK = 500;

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
    void duplicatedAndSwappedBatchesChangeNothing() {
        chain = ChainFixture.start(directory, TestSettings.withMaxBatchEvents(TestSettings.fast(), 3));
        for (String sku : SKUS) {
            chain.store().pos().receiveStock("", sku, OPENING_STOCK, "delivery 1", "");
        }
        for (String tillId : TILLS) {
            chain.startTillBehindProxy(tillId);
            duplicateOrSwapEveryBatch(chain.proxyOf(tillId));
        }
        chain.awaitConverged();

        List<RecordedSale> sales = sellConcurrently();
        chain.awaitConverged();

        long units = sales.stream().mapToLong(sale -> sale.event().body().stockDeltas().get(0).quantity()).sum();
        Money gross = sales.stream().map(RecordedSale::total).reduce(Money.ZERO, Money::plus);
        assertThat(chain.hq().pos().totals().sales()).isEqualTo(TILLS.size() * SALES_PER_TILL);
        assertThat(chain.store().pos().totals().sales()).isEqualTo(TILLS.size() * SALES_PER_TILL);
        assertThat(chain.hq().pos().totals().grossSales()).isEqualTo(gross.toBigDecimal());
        assertThat(chain.store().pos().totals().grossSales()).isEqualTo(gross.toBigDecimal());
        long stockLeft = 0;
        for (String sku : SKUS) {
            long atHq = chain.hq().pos().stockOnHand(ChainFixture.STORE, sku);
            stockLeft += atHq;
            for (NodeRuntime node : chain.running()) {
                assertThat(node.pos().stockOnHand(ChainFixture.STORE, sku)).as(sku + " at " + node.nodeId())
                        .isEqualTo(atHq);
            }
        }
        assertThat(stockLeft).isEqualTo(SKUS.size() * OPENING_STOCK + units);
        Map<String, Long> implied = Trading.stockImpliedBy(chain.hq().store().events(e -> true), ChainFixture.STORE);
        SKUS.forEach(sku -> assertThat(chain.hq().pos().stockOnHand(ChainFixture.STORE, sku)).as(sku)
                .isEqualTo(implied.get(sku)));
        for (String tillId : TILLS) {
            assertThat(chain.proxyOf(tillId).faults(Fault.DUPLICATE)).as("batches duplicated").isPositive();
            assertThat(chain.proxyOf(tillId).faults(Fault.HOLD)).as("batches swapped").isPositive();
            assertThat(chain.proxyOf(tillId).faults(Fault.DELAY)).as("batches delayed").isPositive();
        }
    }

    /**
     * Holds every third frame until the next has passed, delays some past several later ones and sends
     * every other one twice: batches and acknowledgements, in both directions.
     */
    private static void duplicateOrSwapEveryBatch(FaultProxy proxy) {
        AtomicLong frames = new AtomicLong();
        proxy.policy((direction, frame) -> {
            if (!frame.hasEventBatch() && !frame.hasAck()) {
                return Fault.PASS;
            }
            long n = frames.incrementAndGet();
            if (n % 3 == 0) {
                return Fault.HOLD;
            }
            if (n % 5 == 0) {
                return Fault.DELAY;
            }
            return n % 2 == 0 ? Fault.DUPLICATE : Fault.PASS;
        });
    }

    private List<RecordedSale> sellConcurrently() {
        List<CompletableFuture<RecordedSale>> pending = new ArrayList<>();
        for (int i = 0; i < SALES_PER_TILL; i++) {
            for (String tillId : TILLS) {
                String sku = SKUS.get(i % SKUS.size());
                pending.add(chain.till(tillId).pos().recordSaleAsync(Trading.sale(sku, 1 + i % 4)));
            }
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }
}
