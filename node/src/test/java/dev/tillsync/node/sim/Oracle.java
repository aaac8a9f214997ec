package dev.tillsync.node.sim;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The test's own log of every event any node recorded, kept as the operations happen. From it the
 * oracle computes, without the store's code, the state those events must give: stock entries per
 * replica, stock on hand, and the last-writer-wins price of each SKU.
 */
final class Oracle {

    /** A price write as the oracle ranks it. */
    record PriceWrite(Money price, dev.tillsync.node.crdt.Timestamp timestamp, ReplicaId writer) {
    }

    /**
     * The order of price writes: the greater timestamp wins; on equal timestamps the lower replica
     * id; on an equal writer too the greater price. {@code max} of this order is the winner.
     */
    static final Comparator<PriceWrite> PRICE_ORDER = Comparator.comparing(PriceWrite::timestamp)
            .thenComparing(PriceWrite::writer, Comparator.reverseOrder())
            .thenComparing(PriceWrite::price);

    private final Map<Dot, Event> recorded = new LinkedHashMap<>();
    private final Set<Dot> atRisk = new HashSet<>();

    /**
     * Adds an event a node reported as recorded.
     *
     * @throws AssertionError if another event with the same dot was recorded before
     */
    void record(Event event) {
        Event previous = recorded.putIfAbsent(event.dot(), event);
        if (previous != null && !previous.equals(event)) {
            throw new AssertionError("dots: " + event.dot() + " was issued twice, for " + previous + " and " + event);
        }
    }

    /** Marks events that a restore may have lost: present nowhere but at the node that was wiped. */
    void atRisk(Collection<Dot> dots) {
        atRisk.addAll(dots);
    }

    Collection<Event> recorded() {
        return recorded.values();
    }

    int lostCount(Predicate<Dot> atRoot) {
        return (int) atRisk.stream().filter(dot -> !atRoot.test(dot)).count();
    }

    /**
     * Returns the events every node must reflect once the chain settles: every recorded event,
     * except those a restore put at risk that the root does not hold.
     */
    Expected expected(Predicate<Dot> atRoot) {
        List<Event> events = new ArrayList<>();
        for (Event event : recorded.values()) {
            if (!atRisk.contains(event.dot()) || atRoot.test(event.dot())) {
                events.add(event);
            }
        }
        return new Expected(events);
    }

    /** The state a set of events gives. */
    static final class Expected {

        private final Map<Dot, Event> events = new LinkedHashMap<>();

        Expected(List<Event> events) {
            events.forEach(event -> this.events.put(event.dot(), event));
        }

        Optional<Event> event(Dot dot) {
            return Optional.ofNullable(events.get(dot));
        }

        Collection<Event> events() {
            return events.values();
        }

        /** Returns the sales and returns. */
        List<Event> sales() {
            return events.values().stream().filter(Oracle::isSale).toList();
        }

        /**
         * Returns the stock entries of a store: for each SKU and replica, the units its events
         * added and removed. Each event counts once per SKU with the net of its lines.
         */
        Map<String, Map<ReplicaId, List<Long>>> stockEntries(String storeId) {
            Map<String, Map<ReplicaId, long[]>> entries = new TreeMap<>();
            for (Event event : events.values()) {
                if (event.scope().equals(Scope.store(storeId))) {
                    netBySku(event.body()).forEach((sku, net) -> {
                        long[] entry = entries.computeIfAbsent(sku, s -> new TreeMap<>())
                                .computeIfAbsent(event.dot().replica(), r -> new long[2]);
                        entry[net > 0 ? 0 : 1] += Math.abs(net);
                    });
                }
            }
            Map<String, Map<ReplicaId, List<Long>>> result = new TreeMap<>();
            entries.forEach((sku, byReplica) -> byReplica.forEach((replica, entry) -> result
                    .computeIfAbsent(sku, s -> new TreeMap<>()).put(replica, List.of(entry[0], entry[1]))));
            return result;
        }

        private static Map<String, Long> netBySku(EventBody body) {
            Map<String, Long> net = new TreeMap<>();
            if (body instanceof EventBody.SaleCompleted sale) {
                sale.lines().forEach(line -> net.merge(line.sku(), -line.quantity(), Long::sum));
            } else if (body instanceof EventBody.SaleReturned returned) {
                returned.lines().forEach(line -> net.merge(line.sku(), line.quantity(), Long::sum));
            } else if (body instanceof EventBody.StockReceived received) {
                net.merge(received.sku(), received.quantity(), Long::sum);
            } else if (body instanceof EventBody.StockAdjusted adjusted) {
                net.merge(adjusted.sku(), adjusted.quantity(), Long::sum);
            }
            net.values().removeIf(quantity -> quantity == 0);
            return net;
        }

        /** Returns receipts + adjustments - units sold + units returned of a SKU in a store. */
        long stockOnHand(String storeId, String sku) {
            long units = 0;
            for (Event event : events.values()) {
                if (!event.scope().equals(Scope.store(storeId))) {
                    continue;
                }
                EventBody body = event.body();
                if (body instanceof EventBody.StockReceived received && received.sku().equals(sku)) {
                    units += received.quantity();
                } else if (body instanceof EventBody.StockAdjusted adjusted && adjusted.sku().equals(sku)) {
                    units += adjusted.quantity();
                } else if (body instanceof EventBody.SaleCompleted sale) {
                    units -= quantityOf(sale.lines(), sku);
                } else if (body instanceof EventBody.SaleReturned returned) {
                    units += quantityOf(returned.lines(), sku);
                }
            }
            return units;
        }

        private static long quantityOf(List<SaleLine> lines, String sku) {
            return lines.stream().filter(line -> line.sku().equals(sku)).mapToLong(SaleLine::quantity).sum();
        }

        /** Returns the winning price write of each SKU in a scope. */
        Map<String, PriceWrite> prices(Scope scope) {
            Map<String, PriceWrite> winners = new TreeMap<>();
            for (Event event : events.values()) {
                if (event.scope().equals(scope) && event.body() instanceof EventBody.PriceSet set) {
                    PriceWrite write = new PriceWrite(set.price(), event.timestamp(), event.dot().replica());
                    winners.merge(set.sku(), write, (a, b) -> PRICE_ORDER.compare(a, b) >= 0 ? a : b);
                }
            }
            return winners;
        }

        /** Returns the price a till of the store shows: the winner of the chain's and the store's writes. */
        Optional<Money> price(String storeId, String sku) {
            PriceWrite chain = prices(Scope.chain()).get(sku);
            PriceWrite store = prices(Scope.store(storeId)).get(sku);
            if (chain == null || store == null) {
                return Optional.ofNullable(chain == null ? store : chain).map(PriceWrite::price);
            }
            return Optional.of((PRICE_ORDER.compare(chain, store) >= 0 ? chain : store).price());
        }

        /** Returns the SKUs any event names. */
        Set<String> skus() {
            Set<String> skus = new java.util.TreeSet<>();
            for (Event event : events.values()) {
                event.body().stockDeltas().forEach(delta -> skus.add(delta.sku()));
                if (event.body() instanceof EventBody.PriceSet set) {
                    skus.add(set.sku());
                }
            }
            return skus;
        }
    }

    static boolean isSale(Event event) {
        return event.body() instanceof EventBody.SaleCompleted || event.body() instanceof EventBody.SaleReturned;
    }
}
