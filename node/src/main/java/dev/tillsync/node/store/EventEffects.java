package dev.tillsync.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.codec.ValueCodec;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.LwwRegister;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.StockDelta;
import dev.tillsync.proto.v1.LwwRegisterProto;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state changes an event causes, written into the current group. Each event's effect on a
 * stock entry is a delta of its own replica's entry, so an entry at any node is the sum of the
 * deltas of a prefix of that replica's events, and merging entries by maximum (as a snapshot does)
 * agrees with applying the events.
 */
final class EventEffects {

    static final byte KIND_SALE = 1;
    static final byte KIND_RETURN = 2;
    static final byte KIND_RECEIVED = 3;
    static final byte KIND_ADJUSTED = 4;
    static final byte KIND_PRICE = 5;
    static final byte KIND_ITEM = 6;
    static final byte KIND_MOVED = 7;

    private EventEffects() {
    }

    /** Stores {@code event} with every change it causes. The caller advances the version vector. */
    static void apply(WriteContext context, Event event) {
        storeEvent(context, event);
        applyStock(context, event);
        EventBody body = event.body();
        if (body instanceof EventBody.PriceSet price) {
            LwwRegister<Money> register = LwwRegister.of(price.price(), event.timestamp(), event.dot().replica());
            mergeRegister(context, Keys.PRICE, event.scope(), price.sku(), register, EventProtoMapper.MONEY_CODEC);
        } else if (body instanceof EventBody.ItemDefined item) {
            mergeRegister(context, Keys.ITEM, event.scope(), item.sku(),
                    LwwRegister.of(item.item(), event.timestamp(), event.dot().replica()), EventProtoMapper.ITEM_CODEC);
        }
        context.recordNewEvent(event);
    }

    /** Stores {@code event} and its index entries without its state changes, which a snapshot carries. */
    static void storeEvent(WriteContext context, Event event) {
        context.put(Column.EVENTS, Keys.event(event.dot()), EventProtoMapper.toProto(event).toByteArray());
        context.put(Column.INDEX, Keys.byDate(event.businessDate(), event.dot()), new byte[] {kind(event.body())});
        String reference = reference(event.body());
        if (!reference.isEmpty() && !event.scope().isChain()) {
            context.put(Column.INDEX, Keys.byReference(event.scope().storeId(), referenceKind(event.body()), reference),
                    Keys.dotValue(event.dot()));
        }
    }

    private static void applyStock(WriteContext context, Event event) {
        if (event.scope().isChain()) {
            return;
        }
        Map<String, Long> bySku = new LinkedHashMap<>();
        for (StockDelta delta : event.body().stockDeltas()) {
            bySku.merge(delta.sku(), delta.quantity(), EventEffects::saturatedAdd);
        }
        ReplicaId origin = event.dot().replica();
        bySku.forEach((sku, quantity) -> addStock(context, event.scope().storeId(), sku, origin, quantity));
    }

    static void addStock(WriteContext context, String storeId, String sku, ReplicaId replica, long quantity) {
        if (quantity == 0) {
            return;
        }
        byte[] key = Keys.stock(storeId, sku, replica);
        long[] entry = readStockEntry(context.get(Column.STATE, key));
        if (quantity > 0) {
            entry[0] = saturatedAdd(entry[0], quantity);
        } else {
            entry[1] = saturatedAdd(entry[1], quantity == Long.MIN_VALUE ? Long.MAX_VALUE : -quantity);
        }
        context.put(Column.STATE, key, stockEntry(entry[0], entry[1]));
    }

    /**
     * Returns {@code a + b}, or the nearest long when the sum does not fit. The point of sale and
     * the batch decoder keep each quantity within {@link dev.tillsync.node.event.Limits#MAX_QUANTITY},
     * so a counter reaches the bound only after about 10^10 such lines (an estimate: 2^63 / 10^9).
     */
    // NOTE: a stock half that reached Long.MAX_VALUE stays there, so its value is no longer exact.
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** Merges a stock entry from a snapshot: the maximum of each half. Returns true if it changed. */
    static boolean mergeStock(WriteContext context, String storeId, String sku, ReplicaId replica,
                              long increments, long decrements) {
        byte[] key = Keys.stock(storeId, sku, replica);
        long[] entry = readStockEntry(context.get(Column.STATE, key));
        long mergedIncrements = Math.max(entry[0], increments);
        long mergedDecrements = Math.max(entry[1], decrements);
        if (mergedIncrements == entry[0] && mergedDecrements == entry[1]) {
            return false;
        }
        context.put(Column.STATE, key, stockEntry(mergedIncrements, mergedDecrements));
        return true;
    }

    static long[] readStockEntry(byte[] value) {
        if (value == null) {
            return new long[2];
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return new long[] {buffer.getLong(), buffer.getLong()};
    }

    static byte[] stockEntry(long increments, long decrements) {
        return ByteBuffer.allocate(16).putLong(increments).putLong(decrements).array();
    }

    /** Merges a register into the stored one of (scope, sku). Returns true if it changed. */
    static <V extends Comparable<? super V>> boolean mergeRegister(WriteContext context, byte tag, Scope scope,
                                                                   String sku, LwwRegister<V> incoming,
                                                                   ValueCodec<V> codec) {
        byte[] key = Keys.register(tag, scope, sku);
        byte[] current = context.get(Column.STATE, key);
        if (current != null && decodeRegister(current, codec).winsOver(incoming)) {
            return false;
        }
        context.put(Column.STATE, key, CrdtProtoMapper.toProto(incoming, codec).toByteArray());
        return true;
    }

    static <V extends Comparable<? super V>> LwwRegister<V> decodeRegister(byte[] bytes,
                                                                           ValueCodec<V> codec) {
        try {
            return CrdtProtoMapper.fromProto(LwwRegisterProto.parseFrom(bytes), codec);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException(StoreException.Reason.CORRUPTION, "", "stored register is not a valid "
                    + "LwwRegisterProto: the data directory is damaged", e);
        }
    }

    static byte kind(EventBody body) {
        if (body instanceof EventBody.SaleCompleted) {
            return KIND_SALE;
        } else if (body instanceof EventBody.SaleReturned) {
            return KIND_RETURN;
        } else if (body instanceof EventBody.StockReceived) {
            return KIND_RECEIVED;
        } else if (body instanceof EventBody.StockAdjusted) {
            return KIND_ADJUSTED;
        } else if (body instanceof EventBody.PriceSet) {
            return KIND_PRICE;
        } else if (body instanceof EventBody.ItemDefined) {
            return KIND_ITEM;
        }
        return KIND_MOVED;
    }

    /** Returns the kind tag under which an event's outside reference is indexed. */
    static String referenceKind(EventBody body) {
        if (body instanceof EventBody.SaleCompleted) {
            return "sale";
        } else if (body instanceof EventBody.SaleReturned) {
            return "return";
        }
        return "adjustment";
    }

    private static String reference(EventBody body) {
        if (body instanceof EventBody.SaleCompleted sale) {
            return sale.externalRef();
        } else if (body instanceof EventBody.SaleReturned ret) {
            return ret.externalRef();
        } else if (body instanceof EventBody.StockAdjusted adjusted) {
            return adjusted.externalRef();
        }
        return "";
    }

    static Dot readDot(byte[] value) {
        return Keys.readDot(value, 0);
    }
}
