package dev.tillsync.node.pos;

import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sales totals over a set of events.
 *
 * @param sales         sale transactions
 * @param returns       return transactions
 * @param adjustments   stock adjustments
 * @param grossSales    sum of sale line amounts
 * @param returnsAmount sum of return line amounts as money leaving the till: negative
 * @param unitsSold     sum of sale line quantities
 * @param unitsReturned sum of units brought back
 * @param netByStore    gross sales plus returns amount, per store
 */
public record Totals(long sales, long returns, long adjustments, Money grossSales, Money returnsAmount,
                     long unitsSold, long unitsReturned, SortedMap<String, Money> netByStore) {

    public static final Totals ZERO = new Totals(0, 0, 0, Money.ZERO, Money.ZERO, 0, 0, new TreeMap<>());

    public Totals {
        netByStore = Collections.unmodifiableSortedMap(new TreeMap<>(netByStore));
    }

    /** Returns gross sales plus the (negative) returns amount. */
    public Money net() {
        return grossSales.plus(returnsAmount);
    }

    /**
     * Returns these totals with one more event counted. Events other than sales, returns and
     * adjustments add nothing.
     */
    public Totals plus(Event event) {
        EventBody body = event.body();
        if (body instanceof EventBody.SaleCompleted sale) {
            Money amount = sum(sale.lines());
            long units = units(sale.lines());
            return new Totals(sales + 1, returns, adjustments, grossSales.plus(amount), returnsAmount,
                    Math.addExact(unitsSold, units), unitsReturned, addNet(event, amount));
        }
        if (body instanceof EventBody.SaleReturned ret) {
            Money amount = sum(ret.lines()).negate();
            long units = units(ret.lines());
            return new Totals(sales, returns + 1, adjustments, grossSales, returnsAmount.plus(amount), unitsSold,
                    Math.addExact(unitsReturned, units), addNet(event, amount));
        }
        if (body instanceof EventBody.StockAdjusted) {
            return new Totals(sales, returns, adjustments + 1, grossSales, returnsAmount, unitsSold, unitsReturned,
                    netByStore);
        }
        return this;
    }

    /** Returns the sum of these totals and {@code other}, store by store. */
    public Totals plus(Totals other) {
        SortedMap<String, Money> net = new TreeMap<>(netByStore);
        other.netByStore.forEach((store, amount) -> net.merge(store, amount, Money::plus));
        return new Totals(sales + other.sales, returns + other.returns, adjustments + other.adjustments,
                grossSales.plus(other.grossSales), returnsAmount.plus(other.returnsAmount),
                Math.addExact(unitsSold, other.unitsSold), Math.addExact(unitsReturned, other.unitsReturned), net);
    }

    private SortedMap<String, Money> addNet(Event event, Money amount) {
        SortedMap<String, Money> updated = new TreeMap<>(netByStore);
        updated.merge(event.scope().storeId(), amount, Money::plus);
        return updated;
    }

    private static Money sum(Iterable<SaleLine> lines) {
        Money total = Money.ZERO;
        for (SaleLine line : lines) {
            total = total.plus(line.amount());
        }
        return total;
    }

    private static long units(Iterable<SaleLine> lines) {
        long units = 0;
        for (SaleLine line : lines) {
            units = Math.addExact(units, line.quantity());
        }
        return units;
    }

    /** Returns the totals as the JSON object printed by {@code report --json}, amounts as exact decimal strings. */
    public String toJson() {
        return toJson(Map.of());
    }

    /** Returns the totals as JSON followed by {@code extra} counts, such as those of a replay. */
    public String toJson(Map<String, Long> extra) {
        StringBuilder json = new StringBuilder("{\n");
        field(json, "sales", Long.toString(sales));
        field(json, "returns", Long.toString(returns));
        field(json, "adjustments", Long.toString(adjustments));
        field(json, "gross_sales", Json.quote(grossSales.toString()));
        field(json, "returns_amount", Json.quote(returnsAmount.toString()));
        field(json, "net", Json.quote(net().toString()));
        field(json, "units_sold", Long.toString(unitsSold));
        field(json, "units_returned", Long.toString(unitsReturned));
        json.append("  \"net_by_store\": {");
        String separator = "\n";
        for (Map.Entry<String, Money> entry : netByStore.entrySet()) {
            json.append(separator).append("    ").append(Json.quote(entry.getKey())).append(": ")
                    .append(Json.quote(entry.getValue().toString()));
            separator = ",\n";
        }
        json.append(netByStore.isEmpty() ? "}" : "\n  }");
        new TreeMap<>(extra).forEach((name, value) -> json.append(",\n  ").append(Json.quote(name)).append(": ")
                .append(value));
        return json.append("\n}").toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  ").append(Json.quote(name)).append(": ").append(value).append(",\n");
    }
}
