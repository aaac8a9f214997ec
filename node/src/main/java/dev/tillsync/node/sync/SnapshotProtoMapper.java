package dev.tillsync.node.sync;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.codec.MalformedMessageException;
import dev.tillsync.node.codec.ValueCodec;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.store.ScopedRegister;
import dev.tillsync.node.store.SnapshotPart;
import dev.tillsync.node.store.StockEntry;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.ScopedRegisterProto;
import dev.tillsync.proto.v1.SnapshotChunkProto;
import dev.tillsync.proto.v1.StockEntryProto;
import java.util.ArrayList;
import java.util.List;

/** Converts snapshot chunks to {@link SnapshotPart}s and back, validating what it decodes. */
public final class SnapshotProtoMapper {

    private SnapshotProtoMapper() {
    }

    /**
     * Decodes a chunk.
     *
     * @throws MalformedMessageException if an entry is invalid
     */
    public static SnapshotPart fromProto(SnapshotChunkProto chunk) {
        List<StockEntry> stock = new ArrayList<>(chunk.getStockCount());
        try {
            for (StockEntryProto entry : chunk.getStockList()) {
                stock.add(new StockEntry(entry.getStoreId(), entry.getSku(),
                        CrdtProtoMapper.fromProto(entry.getReplica()), entry.getIncrements(), entry.getDecrements()));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("snapshot stock entry: " + e.getMessage(), e);
        }
        List<ScopedRegister<Money>> prices = registers(chunk.getPricesList(), EventProtoMapper.MONEY_CODEC);
        List<ScopedRegister<Item>> items = registers(chunk.getItemsList(), EventProtoMapper.ITEM_CODEC);
        List<Event> events = new ArrayList<>(chunk.getEventsCount());
        for (EventProto event : chunk.getEventsList()) {
            events.add(EventProtoMapper.fromProto(event));
        }
        return new SnapshotPart(stock, prices, items, events,
                chunk.getLast() ? CrdtProtoMapper.fromProto(chunk.getVector()) : null);
    }

    private static <V extends Comparable<? super V>> List<ScopedRegister<V>> registers(
            List<ScopedRegisterProto> protos, ValueCodec<V> codec) {
        List<ScopedRegister<V>> registers = new ArrayList<>(protos.size());
        for (ScopedRegisterProto proto : protos) {
            Scope scope;
            try {
                scope = Scope.parse(proto.getScope());
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException("snapshot register: " + e.getMessage(), e);
            }
            if (proto.getSku().isEmpty()) {
                throw new MalformedMessageException("snapshot register: sku is empty (expected: a SKU)");
            }
            registers.add(new ScopedRegister<>(scope, proto.getSku(),
                    CrdtProtoMapper.fromProto(proto.getRegister(), codec)));
        }
        return registers;
    }

    static StockEntryProto toProto(StockEntry entry) {
        return StockEntryProto.newBuilder()
                .setStoreId(entry.storeId())
                .setSku(entry.sku())
                .setReplica(CrdtProtoMapper.toProto(entry.replica()))
                .setIncrements(entry.increments())
                .setDecrements(entry.decrements())
                .build();
    }

    static <V extends Comparable<? super V>> ScopedRegisterProto toProto(ScopedRegister<V> register,
                                                                         ValueCodec<V> codec) {
        return ScopedRegisterProto.newBuilder()
                .setScope(register.scope().toString())
                .setSku(register.sku())
                .setRegister(CrdtProtoMapper.toProto(register.register(), codec))
                .build();
    }
}
