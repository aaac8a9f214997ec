package dev.tillsync.node.event;

import java.util.List;
import java.util.Objects;

/** What an event records. Each kind is an immutable record. */
public sealed interface EventBody {

    /** Returns the change this body makes to stock, one delta per line, in line order. */
    List<StockDelta> stockDeltas();

    /** A completed sale. Lines may be negative (taken back inside the sale), never zero. */
    record SaleCompleted(String tillId, String cashier, long completedAtMillis, List<SaleLine> lines,
                         List<Tender> tenders, String externalRef) implements EventBody {

        public SaleCompleted {
            Objects.requireNonNull(tillId, "tillId");
            Objects.requireNonNull(cashier, "cashier");
            lines = List.copyOf(lines);
            tenders = List.copyOf(tenders);
            Objects.requireNonNull(externalRef, "externalRef");
        }

        /** Returns the sum of the line amounts. */
        public Money total() {
            return lines.stream().map(SaleLine::amount).reduce(Money.ZERO, Money::plus);
        }

        @Override
        public List<StockDelta> stockDeltas() {
            return lines.stream().map(l -> new StockDelta(l.sku(), Math.negateExact(l.quantity()))).toList();
        }
    }

    /** Goods brought back: line quantities are the positive numbers returned. */
    record SaleReturned(String tillId, String cashier, long returnedAtMillis, List<SaleLine> lines,
                        List<Tender> refunds, String originalReceipt, String externalRef) implements EventBody {

        public SaleReturned {
            Objects.requireNonNull(tillId, "tillId");
            Objects.requireNonNull(cashier, "cashier");
            lines = List.copyOf(lines);
            refunds = List.copyOf(refunds);
            Objects.requireNonNull(originalReceipt, "originalReceipt");
            Objects.requireNonNull(externalRef, "externalRef");
        }

        /** Returns the sum of the line amounts: what the customer gets back. */
        public Money total() {
            return lines.stream().map(SaleLine::amount).reduce(Money.ZERO, Money::plus);
        }

        @Override
        public List<StockDelta> stockDeltas() {
            return lines.stream().map(l -> new StockDelta(l.sku(), l.quantity())).toList();
        }
    }

    /** Goods delivered to the store. */
    record StockReceived(String sku, long quantity, String reference) implements EventBody {

        public StockReceived {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public List<StockDelta> stockDeltas() {
            return List.of(new StockDelta(sku, quantity));
        }
    }

    /** A correction of stock on hand; the quantity is signed. */
    record StockAdjusted(String sku, long quantity, String reason, String externalRef) implements EventBody {

        public StockAdjusted {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(externalRef, "externalRef");
        }

        @Override
        public List<StockDelta> stockDeltas() {
            return List.of(new StockDelta(sku, quantity));
        }
    }

    /** A new price of a SKU in the event's scope. */
    record PriceSet(String sku, Money price) implements EventBody {

        public PriceSet {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(price, "price");
        }

        @Override
        public List<StockDelta> stockDeltas() {
            return List.of();
        }
    }

    /** The definition of a SKU in the event's scope. */
    record ItemDefined(String sku, Item item) implements EventBody {

        public ItemDefined {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(item, "item");
        }

        @Override
        public List<StockDelta> stockDeltas() {
            return List.of();
        }
    }

    /**
     * The stock effect of a sale or return held elsewhere. A parent sends it to a till in place of
     * another till's sale, so payment data stays where it belongs while stock still converges.
     */
    record StockMoved(List<StockDelta> deltas) implements EventBody {

        public StockMoved {
            deltas = List.copyOf(deltas);
        }

        @Override
        public List<StockDelta> stockDeltas() {
            return deltas;
        }
    }
}
