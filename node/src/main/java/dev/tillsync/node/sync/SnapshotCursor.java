package dev.tillsync.node.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.store.ScopedRegister;
import dev.tillsync.node.store.StateReader;
import dev.tillsync.node.store.StockEntry;
import dev.tillsync.node.store.StoredEvent;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.SnapshotChunkProto;
import java.util.List;

/**
 * Cuts a snapshot into chunks of at most a given number of entries: stock entries store by store,
 * then price and item registers, then events replica by replica. The chunks of one cursor are
 * always the same, so a receiver can resume at any chunk. Not thread-safe.
 */
final class SnapshotCursor {

    private final String id;
    private final StateReader.Snapshot snapshot;
    private final SnapshotSelection selection;
    private final int chunkItems;
    private final List<ScopedRegister<Money>> prices;
    private final List<ScopedRegister<Item>> items;
    private int nextIndex;
    private int storeIndex;
    private StockEntry lastStock;
    private int priceOffset;
    private int itemOffset;
    private int originIndex;
    private long lastCounter;
    private boolean done;

    SnapshotCursor(String id, StateReader.Snapshot snapshot, SnapshotSelection selection, int chunkItems) {
        this.id = id;
        this.snapshot = snapshot;
        this.selection = selection;
        this.chunkItems = chunkItems;
        this.prices = snapshot.priceRegisters(selection.registerScopes());
        this.items = snapshot.itemRegisters(selection.registerScopes());
    }

    String id() {
        return id;
    }

    int nextIndex() {
        return nextIndex;
    }

    boolean isDone() {
        return done;
    }

    /** Returns the next chunk; the last one carries the vector. */
    SnapshotChunkProto next() {
        SnapshotChunkProto.Builder chunk = SnapshotChunkProto.newBuilder().setSnapshotId(id).setIndex(nextIndex++);
        int room = chunkItems;
        room -= addStock(chunk, room);
        room -= addPrices(chunk, room);
        room -= addItems(chunk, room);
        addEvents(chunk, room);
        if (storeIndex >= selection.stores().size() && priceOffset >= prices.size() && itemOffset >= items.size()
                && originIndex >= selection.eventOrigins().size()) {
            done = true;
            chunk.setLast(true).setVector(CrdtProtoMapper.toProto(selection.vector()));
        }
        return chunk.build();
    }

    private int addStock(SnapshotChunkProto.Builder chunk, int room) {
        int added = 0;
        while (added < room && storeIndex < selection.stores().size()) {
            int wanted = room - added;
            List<StockEntry> entries = snapshot.stockEntries(selection.stores().get(storeIndex), lastStock, wanted);
            for (StockEntry entry : entries) {
                chunk.addStock(SnapshotProtoMapper.toProto(entry));
            }
            added += entries.size();
            if (entries.size() < wanted) {
                storeIndex++;
                lastStock = null;
            } else {
                lastStock = entries.get(entries.size() - 1);
            }
        }
        return added;
    }

    private int addPrices(SnapshotChunkProto.Builder chunk, int room) {
        int end = Math.min(prices.size(), priceOffset + room);
        for (int i = priceOffset; i < end; i++) {
            chunk.addPrices(SnapshotProtoMapper.toProto(prices.get(i), EventProtoMapper.MONEY_CODEC));
        }
        int added = end - priceOffset;
        priceOffset = end;
        return added;
    }

    private int addItems(SnapshotChunkProto.Builder chunk, int room) {
        int end = Math.min(items.size(), itemOffset + room);
        for (int i = itemOffset; i < end; i++) {
            chunk.addItems(SnapshotProtoMapper.toProto(items.get(i), EventProtoMapper.ITEM_CODEC));
        }
        int added = end - itemOffset;
        itemOffset = end;
        return added;
    }

    private void addEvents(SnapshotChunkProto.Builder chunk, int room) {
        int added = 0;
        while (added < room && originIndex < selection.eventOrigins().size()) {
            ReplicaId origin = selection.eventOrigins().get(originIndex);
            long through = selection.vector().get(origin);
            List<StoredEvent> read = snapshot.readEvents(origin, lastCounter, room - added, Long.MAX_VALUE);
            boolean finished = read.size() < room - added;
            for (StoredEvent stored : read) {
                if (stored.counter() > through) {
                    finished = true;
                    break;
                }
                lastCounter = stored.counter();
                EventProto event = parse(stored);
                if (included(event)) {
                    chunk.addEvents(event);
                }
                added++;
            }
            if (finished) {
                originIndex++;
                lastCounter = 0;
            }
        }
    }

    private boolean included(EventProto event) {
        boolean sale = event.hasSaleCompleted() || event.hasSaleReturned();
        return !sale || selection.salesSince() == 0 || event.getBusinessDate() >= selection.salesSince();
    }

    private static EventProto parse(StoredEvent stored) {
        try {
            return EventProto.parseFrom(stored.bytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored event " + stored.counter() + " is not a valid EventProto: the "
                    + "data directory is damaged", e);
        }
    }
}
