package dev.tillsync.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.pos.SaleRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimChainSmokeTest {

    @Test
    void tillSalesReachHqAndStockConverges() {
        try (SimChain chain = new SimChain(ChainConfig.calm(false, 2))) {
            chain.startAll();
            chain.scheduler().runFor(2_000);
            SimNode hq = chain.root();
            SimNode till1 = chain.node("uk/till-1");
            SimNode till2 = chain.node("uk/till-2");

            hq.posNow().setPrice(Scope.chain(), "A1", Money.parse("2.50"));
            chain.node("uk").posNow().receiveStock("", "A1", 100, "delivery 1", "");
            for (int i = 0; i < 5; i++) {
                sell(till1, 2);
                sell(till2, 3);
            }
            chain.scheduler().runFor(10_000);

            assertThat(hq.posNow().totals().sales()).isEqualTo(10);
            assertThat(hq.posNow().stockOnHand("uk", "A1")).isEqualTo(100 - 25);
            assertThat(till1.posNow().stockOnHand("", "A1")).isEqualTo(75);
            assertThat(till2.posNow().stockOnHand("", "A1")).isEqualTo(75);
            assertThat(till2.posNow().price("", "A1")).contains(Money.parse("2.50"));
            assertThat(till1.store().reader().digest(Scope.store("uk")))
                    .isEqualTo(hq.store().reader().digest(Scope.store("uk")));
            assertThat(till1.posNow().unacknowledged()).isEmpty();
        }
    }

    private static void sell(SimNode till, long quantity) {
        till.posNow().recordSale(new SaleRequest("", "", "ann", "", 0,
                List.of(new SaleLine("A1", "thing", quantity, Money.parse("2.50"))),
                List.of(new Tender(TenderKind.CASH, Money.parse("2.50").times(quantity))), ""));
    }
}
