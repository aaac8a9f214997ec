package dev.tillsync.node.chain.support;

import dev.tillsync.node.app.NodeRuntime;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.StockDelta;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.pos.RecordedSale;
import dev.tillsync.node.pos.SaleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sales and stock arithmetic for chain tests. */
public final class Trading {

    /** Unit price of every test sale. */
    public static final Money PRICE = Money.parse("1.25");

    private Trading() {
    }

    /** Returns a cash sale of {@code quantity} units of one SKU at {@link #PRICE}, paid exactly. */
    public static SaleRequest sale(String sku, long quantity) {
        SaleLine line = new SaleLine(sku, "test item " + sku, quantity, PRICE);
        return new SaleRequest("", "", "cashier", "", 0, List.of(line),
                List.of(new Tender(TenderKind.CASH, line.amount())), "");
    }

    /** Records a sale at a till (or store) and returns it once it is durable there. */
    public static RecordedSale sell(NodeRuntime node, String sku, long quantity) {
        return node.pos().recordSale(sale(sku, quantity));
    }

    /** Records {@code count} one-unit sales of {@code sku}, one after the other, and returns their dots. */
    public static List<Dot> sellOneUnitEach(NodeRuntime node, String sku, int count) {
        List<Dot> dots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dots.add(sell(node, sku, 1).event().dot());
        }
        return dots;
    }

    /** Returns the units of each SKU of {@code storeId} that {@code events} add up to. */
    public static Map<String, Long> stockImpliedBy(List<Event> events, String storeId) {
        Map<String, Long> stock = new TreeMap<>();
        for (Event event : events) {
            if (event.scope().isChain() || !event.scope().storeId().equals(storeId)) {
                continue;
            }
            for (StockDelta delta : event.body().stockDeltas()) {
                stock.merge(delta.sku(), delta.quantity(), Long::sum);
            }
        }
        return stock;
    }

    /** Returns the number of sale events held by a node. */
    public static long salesHeld(NodeRuntime node) {
        return node.store().events(event -> event.body() instanceof EventBody.SaleCompleted).size();
    }
}
