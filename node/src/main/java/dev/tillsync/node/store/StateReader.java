package dev.tillsync.node.store;

import dev.tillsync.node.codec.CrdtProtoMapper;
import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.codec.ValueCodec;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.GCounter;
import dev.tillsync.node.crdt.GMap;
import dev.tillsync.node.crdt.LwwMap;
import dev.tillsync.node.crdt.LwwRegister;
import dev.tillsync.node.crdt.PNCounter;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.crdt.VersionVector;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Reads of a node's state: events, stock, prices, items, indexes and digests, from the committed
 * store or from a consistent {@link Snapshot} of it. Thread-safe.
 */
public class StateReader {

    private final KvView view;
    private final CommittedState committed;
    private final Map<Scope, CachedDigest> digests = new ConcurrentHashMap<>();

    private record CachedDigest(long stateVersion, byte[] sha256) {
    }

    StateReader(KvView view, CommittedState committed) {
        this.view = view;
        this.committed = committed;
    }

    /**
     * Returns up to {@code maxCount} events of {@code origin} with counters above
     * {@code afterCounter}, in counter order, stopping early once {@code maxBytes} are collected.
     */
    public List<StoredEvent> readEvents(ReplicaId origin, long afterCounter, int maxCount, long maxBytes) {
        List<StoredEvent> events = new ArrayList<>();
        long[] bytes = {0};
        view.scan(Column.EVENTS, Keys.event(origin, afterCounter + 1), Keys.event(origin, Long.MAX_VALUE),
                (key, value) -> {
                    events.add(new StoredEvent(Keys.readLong(key, key.length - 8), value));
                    bytes[0] += value.length;
                    return events.size() < maxCount && bytes[0] < maxBytes;
                });
        return events;
    }

    public Optional<Event> event(Dot dot) {
        byte[] bytes = view.get(Column.EVENTS, Keys.event(dot));
        return bytes == null ? Optional.empty() : Optional.of(EventProtoMapper.parse(bytes));
    }

    /** Visits every event held, in order per replica, until the visitor returns false. */
    public void forEachEvent(Predicate<Event> visitor) {
        view.scan(Column.EVENTS, new byte[0], new byte[] {(byte) 0xFF},
                (key, value) -> visitor.test(EventProtoMapper.parse(value)));
    }

    /** Returns the number of events held (after purges). */
    public long eventCount() {
        long[] count = {0};
        view.scan(Column.EVENTS, new byte[0], new byte[] {(byte) 0xFF}, (key, value) -> {
            count[0]++;
            return true;
        });
        return count[0];
    }

    /**
     * Returns the completion time of the latest sale held, in milliseconds since the epoch, or 0 if
     * none: the latest of the sales of the last business date that has any. Scans the date index.
     */
    public long latestSaleMillis() {
        byte[][] lastSaleKey = {null};
        byte[] prefix = Keys.single(Keys.BY_DATE);
        view.scan(Column.INDEX, prefix, Keys.after(prefix), (key, value) -> {
            if (value.length == 1 && value[0] == EventEffects.KIND_SALE) {
                lastSaleKey[0] = key;
            }
            return true;
        });
        if (lastSaleKey[0] == null) {
            return 0;
        }
        long latest = 0;
        for (Event event : eventsOn(Keys.readDate(lastSaleKey[0]))) {
            if (event.body() instanceof EventBody.SaleCompleted sale) {
                latest = Math.max(latest, sale.completedAtMillis());
            }
        }
        return latest;
    }

    /** Returns the events of a business date, in order per replica. */
    public List<Event> eventsOn(LocalDate date) {
        List<Event> events = new ArrayList<>();
        byte[] prefix = Keys.byDate(date);
        view.scan(Column.INDEX, prefix, Keys.after(prefix), (key, value) -> {
            event(Keys.readDot(key, prefix.length)).ifPresent(events::add);
            return true;
        });
        return events;
    }

    /** Returns the dot of the event that recorded an outside reference in a store. */
    public Optional<Dot> reference(String storeId, String kind, String reference) {
        byte[] value = view.get(Column.INDEX, Keys.byReference(storeId, kind, reference));
        return value == null ? Optional.empty() : Optional.of(EventEffects.readDot(value));
    }

    /** Returns the stock counter of a SKU in a store: one entry per replica that moved it. */
    public PNCounter stock(String storeId, String sku) {
        Map<ReplicaId, Long> increments = new TreeMap<>();
        Map<ReplicaId, Long> decrements = new TreeMap<>();
        for (StockEntry entry : stockEntries(Keys.stockOfSku(storeId, sku))) {
            increments.put(entry.replica(), entry.increments());
            decrements.put(entry.replica(), entry.decrements());
        }
        return PNCounter.of(GCounter.of(increments), GCounter.of(decrements));
    }

    /** Returns the stock counters of every SKU of a store. */
    public GMap<String, PNCounter> stockOfStore(String storeId) {
        Map<String, Map<ReplicaId, Long>> increments = new TreeMap<>();
        Map<String, Map<ReplicaId, Long>> decrements = new TreeMap<>();
        for (StockEntry entry : stockEntries(Keys.stockOfStore(storeId))) {
            increments.computeIfAbsent(entry.sku(), s -> new TreeMap<>()).put(entry.replica(), entry.increments());
            decrements.computeIfAbsent(entry.sku(), s -> new TreeMap<>()).put(entry.replica(), entry.decrements());
        }
        Map<String, PNCounter> counters = new HashMap<>();
        increments.forEach((sku, entries) -> counters.put(sku,
                PNCounter.of(GCounter.of(entries), GCounter.of(decrements.get(sku)))));
        return GMap.of(counters);
    }

    /**
     * Returns up to {@code limit} stock entries of a store in key order, starting after
     * {@code after} (or at the first entry when it is null).
     */
    public List<StockEntry> stockEntries(String storeId, StockEntry after, int limit) {
        byte[] prefix = Keys.stockOfStore(storeId);
        byte[] from = after == null ? prefix
                : java.util.Arrays.copyOf(Keys.stock(storeId, after.sku(), after.replica()),
                        Keys.stock(storeId, after.sku(), after.replica()).length + 1);
        List<StockEntry> entries = new ArrayList<>();
        view.scan(Column.STATE, from, Keys.after(prefix), (key, value) -> {
            entries.add(stockEntry(key, value));
            return entries.size() < limit;
        });
        return entries;
    }

    /** Returns every stock entry of a store, in key order. */
    public List<StockEntry> stockEntries(String storeId) {
        return stockEntries(Keys.stockOfStore(storeId));
    }

    private List<StockEntry> stockEntries(byte[] prefix) {
        List<StockEntry> entries = new ArrayList<>();
        view.scan(Column.STATE, prefix, Keys.after(prefix), (key, value) -> {
            entries.add(stockEntry(key, value));
            return true;
        });
        return entries;
    }

    static StockEntry stockEntry(byte[] key, byte[] value) {
        int storeEnd = indexOfZero(key, 1);
        int skuEnd = indexOfZero(key, storeEnd + 1);
        String storeId = new String(key, 1, storeEnd - 1, StandardCharsets.UTF_8);
        String sku = new String(key, storeEnd + 1, skuEnd - storeEnd - 1, StandardCharsets.UTF_8);
        long[] halves = EventEffects.readStockEntry(value);
        return new StockEntry(storeId, sku, Keys.readReplica(key, skuEnd + 1), halves[0], halves[1]);
    }

    /** Returns the ids of the stores this node holds stock of, sorted. */
    public List<String> storeIds() {
        TreeSet<String> stores = new TreeSet<>();
        byte[] prefix = Keys.single(Keys.STOCK);
        byte[][] cursor = {prefix};
        while (true) {
            String[] found = {null};
            view.scan(Column.STATE, cursor[0], Keys.after(prefix), (key, value) -> {
                int end = indexOfZero(key, 1);
                found[0] = new String(key, 1, end - 1, StandardCharsets.UTF_8);
                return false;
            });
            if (found[0] == null) {
                return new ArrayList<>(stores);
            }
            stores.add(found[0]);
            cursor[0] = Keys.after(Keys.stockOfStore(found[0]));
        }
    }

    public Optional<LwwRegister<Money>> price(Scope scope, String sku) {
        return register(Keys.PRICE, scope, sku, EventProtoMapper.MONEY_CODEC);
    }

    public Optional<LwwRegister<Item>> item(Scope scope, String sku) {
        return register(Keys.ITEM, scope, sku, EventProtoMapper.ITEM_CODEC);
    }

    /** Returns the price registers of a scope as a map from SKU. */
    public LwwMap<String, Money> prices(Scope scope) {
        return registers(Keys.PRICE, scope, EventProtoMapper.MONEY_CODEC);
    }

    public LwwMap<String, Item> items(Scope scope) {
        return registers(Keys.ITEM, scope, EventProtoMapper.ITEM_CODEC);
    }

    /** Returns the scopes that hold at least one price or item register, sorted. */
    public List<Scope> registerScopes() {
        TreeSet<Scope> scopes = new TreeSet<>();
        for (byte tag : new byte[] {Keys.PRICE, Keys.ITEM}) {
            byte[] prefix = Keys.single(tag);
            view.scan(Column.STATE, prefix, Keys.after(prefix), (key, value) -> {
                int end = indexOfZero(key, 1);
                scopes.add(Scope.parse(new String(key, 1, end - 1, StandardCharsets.UTF_8)));
                return true;
            });
        }
        return new ArrayList<>(scopes);
    }

    private <V extends Comparable<? super V>> Optional<LwwRegister<V>> register(byte tag, Scope scope, String sku,
                                                                              ValueCodec<V> codec) {
        byte[] bytes = view.get(Column.STATE, Keys.register(tag, scope, sku));
        return bytes == null ? Optional.empty() : Optional.of(EventEffects.decodeRegister(bytes, codec));
    }

    private <V extends Comparable<? super V>> LwwMap<String, V> registers(byte tag, Scope scope, ValueCodec<V> codec) {
        Map<String, LwwRegister<V>> registers = new TreeMap<>();
        byte[] prefix = Keys.registersOfScope(tag, scope);
        view.scan(Column.STATE, prefix, Keys.after(prefix), (key, value) -> {
            String sku = new String(key, prefix.length, key.length - prefix.length - 1, StandardCharsets.UTF_8);
            registers.put(sku, EventEffects.decodeRegister(value, codec));
            return true;
        });
        return LwwMap.of(registers);
    }

    /**
     * Returns the SHA-256 of this node's state in a scope: for a store, its stock entries and its
     * price and item registers; for the chain, its price and item registers. Nodes that share the
     * scope and have seen the same events of it have equal digests.
     */
    public byte[] digest(Scope scope) {
        long version = committed.stateVersion();
        CachedDigest cached = digests.get(scope);
        if (cached != null && cached.stateVersion() == version && this.getClass() == StateReader.class) {
            return cached.sha256().clone();
        }
        MessageDigest sha256 = newSha256();
        if (!scope.isChain()) {
            byte[] prefix = Keys.stockOfStore(scope.storeId());
            hashRange(sha256, prefix);
        }
        hashRange(sha256, Keys.registersOfScope(Keys.PRICE, scope));
        hashRange(sha256, Keys.registersOfScope(Keys.ITEM, scope));
        byte[] result = sha256.digest();
        digests.put(scope, new CachedDigest(version, result));
        return result.clone();
    }

    private void hashRange(MessageDigest sha256, byte[] prefix) {
        view.scan(Column.STATE, prefix, Keys.after(prefix), (key, value) -> {
            sha256.update(key);
            sha256.update(value);
            return true;
        });
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    Snapshot snapshot() {
        return new Snapshot(((Kv) view).snapshot(), committed);
    }

    private static int indexOfZero(byte[] key, int offset) {
        for (int i = offset; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new IllegalStateException("stored key has no terminating zero byte at offset " + offset);
    }

    /**
     * A consistent view of the store, for sending a snapshot while writes go on. Close it when done.
     */
    public static final class Snapshot extends StateReader implements AutoCloseable {

        private final Kv.KvSnapshot kvSnapshot;

        Snapshot(Kv.KvSnapshot kvSnapshot, CommittedState committed) {
            super(kvSnapshot, committed);
            this.kvSnapshot = kvSnapshot;
        }

        /** Returns the version vector as of the snapshot. */
        public VersionVector vector() {
            return readVector(Keys.VECTOR);
        }

        /** Returns the purge floors as of the snapshot. */
        public VersionVector floors() {
            return readVector(Keys.FLOOR);
        }

        private VersionVector readVector(byte tag) {
            Map<ReplicaId, Long> counters = new TreeMap<>();
            byte[] prefix = Keys.single(tag);
            kvSnapshot.scan(Column.STATE, prefix, Keys.after(prefix), (key, value) -> {
                counters.put(Keys.readReplica(key, 1), Keys.readLong(value, 0));
                return true;
            });
            return VersionVector.of(counters);
        }

        /** Returns the registers of every scope in {@code scopes}, in key order. */
        public List<ScopedRegister<Money>> priceRegisters(List<Scope> scopes) {
            List<ScopedRegister<Money>> all = new ArrayList<>();
            for (Scope scope : scopes) {
                prices(scope).registers()
                        .forEach((sku, register) -> all.add(new ScopedRegister<>(scope, sku, register)));
            }
            return all;
        }

        public List<ScopedRegister<Item>> itemRegisters(List<Scope> scopes) {
            List<ScopedRegister<Item>> all = new ArrayList<>();
            for (Scope scope : scopes) {
                items(scope).registers()
                        .forEach((sku, register) -> all.add(new ScopedRegister<>(scope, sku, register)));
            }
            return all;
        }

        @Override
        public void close() {
            kvSnapshot.close();
        }
    }

    /** Returns a register as its protobuf message, for status and snapshots. */
    static <V extends Comparable<? super V>> byte[] encode(LwwRegister<V> register, ValueCodec<V> codec) {
        return CrdtProtoMapper.toProto(register, codec).toByteArray();
    }
}
