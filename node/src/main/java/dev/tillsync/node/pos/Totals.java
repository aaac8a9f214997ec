package dev.tillsync.node.pos;

import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sales totals over a set of events. Amounts and units are summed exactly, without a limit: each
 * event fits in money, but a node may hold more money in total than {@link Money} can represent.
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
public record Totals(long sales, long returns, long adjustments, BigDecimal grossSales, BigDecimal returnsAmount,
                     BigInteger unitsSold, BigInteger unitsReturned, SortedMap<String, BigDecimal> netByStore) {

    public static final Totals ZERO = new Totals(0, 0, 0, Money.ZERO.toBigDecimal(), Money.ZERO.toBigDecimal(),
            BigInteger.ZERO, BigInteger.ZERO, new TreeMap<>());

    public Totals {
        netByStore = Collections.unmodifiableSortedMap(new TreeMap<>(netByStore));
    }

    /** Returns gross sales plus the (negative) returns amount. */
    public BigDecimal net() {
        return grossSales.add(returnsAmount);
    }

    /**
     * Returns these totals with one more event counted. Events other than sales, returns and
     * adjustments add nothing.
     */
    public Totals plus(Event event) {
        EventBody body = event.body();
        if (body instanceof EventBody.SaleCompleted sale) {
            BigDecimal amount = sum(sale.lines());
            return new Totals(sales + 1, returns, adjustments, grossSales.add(amount), returnsAmount,
                    unitsSold.add(units(sale.lines())), unitsReturned, addNet(event, amount));
        }
        if (body instanceof EventBody.SaleReturned ret) {
            BigDecimal amount = sum(ret.lines()).negate();
            return new Totals(sales, returns + 1, adjustments, grossSales, returnsAmount.add(amount), unitsSold,
                    unitsReturned.add(units(ret.lines())), addNet(event, amount));
        }
        if (body instanceof EventBody.StockAdjusted) {
            return new Totals(sales, returns, adjustments + 1, grossSales, returnsAmount, unitsSold, unitsReturned,
                    netByStore);
        }
        return this;
    }

    /** Returns the sum of these totals and {@code other}, store by store. */
    public Totals plus(Totals other) {
        SortedMap<String, BigDecimal> net = new TreeMap<>(netByStore);
        other.netByStore.forEach((store, amount) -> net.merge(store, amount, BigDecimal::add));
        return new Totals(sales + other.sales, returns + other.returns, adjustments + other.adjustments,
                grossSales.add(other.grossSales), returnsAmount.add(other.returnsAmount),
                unitsSold.add(other.unitsSold), unitsReturned.add(other.unitsReturned), net);
    }

    private SortedMap<String, BigDecimal> addNet(Event event, BigDecimal amount) {
        SortedMap<String, BigDecimal> updated = new TreeMap<>(netByStore);
        updated.merge(event.scope().storeId(), amount, BigDecimal::add);
        return updated;
    }

    private static BigDecimal sum(Iterable<SaleLine> lines) {
        BigDecimal total = Money.ZERO.toBigDecimal();
        for (SaleLine line : lines) {
            total = total.add(line.unitPrice().toBigDecimal().multiply(BigDecimal.valueOf(line.quantity())));
        }
        return total;
    }

    private static BigInteger units(Iterable<SaleLine> lines) {
        BigInteger units = BigInteger.ZERO;
        for (SaleLine line : lines) {
            units = units.add(BigInteger.valueOf(line.quantity()));
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
        field(json, "gross_sales", Json.quote(Money.format(grossSales)));
        field(json, "returns_amount", Json.quote(Money.format(returnsAmount)));
        field(json, "net", Json.quote(Money.format(net())));
        field(json, "units_sold", unitsSold.toString());
        field(json, "units_returned", unitsReturned.toString());
        json.append("  \"net_by_store\": {");
        String separator = "\n";
        for (Map.Entry<String, BigDecimal> entry : netByStore.entrySet()) {
            json.append(separator).append("    ").append(Json.quote(entry.getKey())).append(": ")
                    .append(Json.quote(Money.format(entry.getValue())));
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
