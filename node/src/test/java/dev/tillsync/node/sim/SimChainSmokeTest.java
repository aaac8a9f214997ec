package dev.tillsync.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.pos.SaleRequest;
import dev.tillsync.node.store.MemoryKv;
import dev.tillsync.node.sync.SyncSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimChainSmokeTest {

    @Test
    void tillSalesReachHqAndStockConverges() {
        SimScheduler scheduler = new SimScheduler(1_700_000_000_000L);
        SimNetwork network = new SimNetwork(scheduler, new Random(1));
        SyncSettings settings = SyncSettings.defaults();
        SimNode hq = new SimNode("hq", null, network, settings, MemoryKv::new);
        SimNode store = new SimNode("s1", hq, network, settings, MemoryKv::new);
        SimNode till1 = new SimNode("s1/till-1", store, network, settings, MemoryKv::new);
        SimNode till2 = new SimNode("s1/till-2", store, network, settings, MemoryKv::new);
        for (SimNode node : List.of(hq, store, till1, till2)) {
            node.start();
        }
        scheduler.runFor(2_000);

        hq.posNow().setPrice(Scope.chain(), "A1", Money.parse("2.50"));
        store.posNow().receiveStock("", "A1", 100, "delivery 1", "");
        for (int i = 0; i < 5; i++) {
            sell(till1, 2);
            sell(till2, 3);
        }
        scheduler.runFor(10_000);

        assertThat(hq.pos().totals().sales()).isEqualTo(10);
        assertThat(hq.pos().stockOnHand("s1", "A1")).isEqualTo(100 - 25);
        assertThat(till1.posNow().stockOnHand("", "A1")).isEqualTo(75);
        assertThat(till2.posNow().stockOnHand("", "A1")).isEqualTo(75);
        assertThat(till2.posNow().price("", "A1")).contains(Money.parse("2.50"));
        byte[] hqDigest = hq.store().reader().digest(Scope.store("s1"));
        assertThat(Arrays.equals(till1.store().reader().digest(Scope.store("s1")), hqDigest)).isTrue();
        assertThat(till1.pos().unacknowledged()).isEmpty();
    }

    private static void sell(SimNode till, long quantity) {
        till.posNow().recordSale(new SaleRequest("", "", "ann", "", 0,
                List.of(new SaleLine("A1", "thing", quantity, Money.parse("2.50"))),
                List.of(new Tender(TenderKind.CASH, Money.parse("2.50").times(quantity))), ""));
    }
}
