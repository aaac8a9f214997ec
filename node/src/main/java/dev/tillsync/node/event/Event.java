package dev.tillsync.node.event;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.Timestamp;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/**
 * One immutable fact with its dot, its hybrid-logical-clock timestamp, the scope it travels in and
 * the business date it belongs to. Ordered by dot; events that share a dot (which a correct
 * replica never issues) are ordered by their content so that merges stay deterministic.
 */
public record Event(Dot dot, Timestamp timestamp, Scope scope, LocalDate businessDate, EventBody body)
        implements Comparable<Event> {

    private static final Comparator<Event> ORDER = Comparator.comparing(Event::dot)
            .thenComparing(Event::timestamp)
            .thenComparing(e -> e.scope().toString())
            .thenComparing(Event::businessDate)
            .thenComparing(e -> e.body().toString());

    public Event {
        Objects.requireNonNull(dot, "dot");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(businessDate, "businessDate");
        Objects.requireNonNull(body, "body");
    }

    /** Returns true for the kinds that change stock and travel up to the root: sales, returns, stock. */
    public boolean isStockMovement() {
        return !(body instanceof EventBody.PriceSet) && !(body instanceof EventBody.ItemDefined);
    }

    /**
     * Returns this event as a till outside the event's own subtree receives it: a sale or return
     * becomes a {@link EventBody.StockMoved} with the same dot, timestamp and scope, so payment
     * data never reaches another till. Other kinds are returned unchanged.
     */
    public Event projectedForTill() {
        if (body instanceof EventBody.SaleCompleted || body instanceof EventBody.SaleReturned) {
            return new Event(dot, timestamp, scope, businessDate, new EventBody.StockMoved(body.stockDeltas()));
        }
        return this;
    }

    @Override
    public int compareTo(Event other) {
        return ORDER.compare(this, other);
    }
}
