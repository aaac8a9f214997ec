package dev.tillsync.node.store;

import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Money;
import java.util.List;

/**
 * One part of a snapshot. Each part joins into a store on its own; only the last carries the
 * vector that the whole snapshot reflects.
 *
 * @param vector null except in the last part
 */
public record SnapshotPart(List<StockEntry> stock, List<ScopedRegister<Money>> prices,
                           List<ScopedRegister<Item>> items, List<Event> events, VersionVector vector) {

    public SnapshotPart {
        stock = List.copyOf(stock);
        prices = List.copyOf(prices);
        items = List.copyOf(items);
        events = List.copyOf(events);
    }

    public boolean isLast() {
        return vector != null;
    }

    public int size() {
        return stock.size() + prices.size() + items.size() + events.size();
    }
}
