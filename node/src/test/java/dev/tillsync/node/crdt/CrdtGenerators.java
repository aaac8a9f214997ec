package dev.tillsync.node.crdt;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.StockDelta;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of replica ids, timestamps, prices and of CRDT states reached by simulated concurrent
 * histories (see {@link History}), with the mutators those histories apply.
 *
 * <p>Replica ids come from a universe of six: three node ids, each with two incarnations, one of
 * which has its top bit set so that the unsigned order matters. A history runs three to five of
 * them. Wall clocks read one of four adjacent milliseconds, so replicas often write at the same
 * millisecond and last-writer-wins ties are common.
 */
public final class CrdtGenerators {

    /** SKUs of the UCI Online Retail data set, few enough that replicas update the same ones. */
    public static final List<String> SKUS = List.of("85123A", "71053", "84406B", "22423");

    /** The writer of the register every {@link LwwRegister} history starts from. */
    public static final ReplicaId PROVISIONING_WRITER = new ReplicaId("hq", 0);

    /** The first wall-clock millisecond simulated replicas read; they read up to three past it. */
    public static final long FIRST_WALL_MILLIS = 1_000;

    private static final List<ReplicaId> UNIVERSE = List.of(
            new ReplicaId("hq", 7), new ReplicaId("hq", 0x8000_0000_0000_0001L),
            new ReplicaId("uk-london", 7), new ReplicaId("uk-london", 0x8000_0000_0000_0001L),
            new ReplicaId("uk-london/till-1", 7), new ReplicaId("uk-london/till-1", 0x8000_0000_0000_0001L));

    private static final List<Money> PRICES = List.of(Money.parse("0.001"), Money.parse("0.85"),
            Money.parse("2.55"), Money.parse("2.95"), Money.parse("12.75"));

    private static final int MAX_STEPS = 32;
    private static final int MAX_REPLICA_INDEX = 4;
    private static final int MAX_DELTA_INDEX = 63;

    private CrdtGenerators() {
    }

    /** Returns replica ids from the universe of six. */
    public static Gen<ReplicaId> replicaIds() {
        return Generate.pick(UNIVERSE);
    }

    /** Returns lists of three to five distinct replica ids from the universe, in random order. */
    public static Gen<List<ReplicaId>> replicaPools() {
        return permutations(UNIVERSE.size()).zip(integers().between(3, 5), (order, size) -> {
            List<ReplicaId> pool = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                pool.add(UNIVERSE.get(order.get(i)));
            }
            return pool;
        });
    }

    /** Returns the indexes 0 to {@code size - 1} in random order. */
    public static Gen<List<Integer>> permutations(int size) {
        return lists().of(integers().all()).ofSize(size).map(keys -> {
            List<Integer> order = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparing(keys::get));
            return order;
        });
    }

    /** Returns the six replica ids that generated states draw from. */
    public static List<ReplicaId> replicaUniverse() {
        return UNIVERSE;
    }

    /**
     * Returns, for three to five replicas, the order in which each receives {@code count} messages:
     * one permutation of 0 to {@code count - 1} per replica.
     */
    public static Gen<List<List<Integer>>> deliveryOrders(int count) {
        return integers().between(3, 5).flatMap(replicas -> lists().of(permutations(count)).ofSize(replicas));
    }

    /**
     * Returns one to twelve price writes by replicas of the universe, with frequent equal timestamps
     * and prices. No two writes share both timestamp and writer, because a replica's hybrid logical
     * clock never issues one timestamp twice.
     */
    public static Gen<List<LwwRegister<Money>>> priceWrites() {
        Gen<LwwRegister<Money>> writes = prices().zip(timestamps(), replicaIds(), LwwRegister::of);
        return lists().of(writes).ofSizeBetween(1, 12).map(CrdtGenerators::withoutRepeatedStamps);
    }

    /** Returns one to twelve price writes to SKUs, each as the one-key delta of an {@link LwwMap}. */
    public static Gen<List<LwwMap<String, Money>>> skuPriceWrites() {
        Gen<LwwMap<String, Money>> writes = skus().zip(prices(), timestamps(), replicaIds(),
                (sku, price, timestamp, writer) -> LwwMap.<String, Money>empty()
                        .putDelta(sku, price, timestamp, writer));
        return lists().of(writes).ofSizeBetween(1, 12).map(list -> {
            Map<Stamp, LwwMap<String, Money>> byStamp = new LinkedHashMap<>();
            for (LwwMap<String, Money> write : list) {
                LwwRegister<Money> register = write.registers().firstEntry().getValue();
                byStamp.putIfAbsent(new Stamp(register.timestamp(), register.writer()), write);
            }
            return List.copyOf(byStamp.values());
        });
    }

    private static List<LwwRegister<Money>> withoutRepeatedStamps(List<LwwRegister<Money>> writes) {
        Map<Stamp, LwwRegister<Money>> byStamp = new LinkedHashMap<>();
        for (LwwRegister<Money> write : writes) {
            byStamp.putIfAbsent(new Stamp(write.timestamp(), write.writer()), write);
        }
        return List.copyOf(byStamp.values());
    }

    /** A timestamp as one replica issued it: unique for a correct replica. */
    private record Stamp(Timestamp timestamp, ReplicaId writer) {
    }

    /** Returns wall-clock readings between {@link #FIRST_WALL_MILLIS} and three milliseconds past it. */
    public static Gen<Long> wallMillis() {
        return longs().between(FIRST_WALL_MILLIS, FIRST_WALL_MILLIS + 3);
    }

    /** Returns timestamps in the same four milliseconds as {@link #wallMillis()}, logical part 0 to 2. */
    public static Gen<Timestamp> timestamps() {
        return wallMillis().zip(integers().between(0, 2), Timestamp::new);
    }

    /** Returns prices from a set of five, sub-penny included, so that equal values occur too. */
    public static Gen<Money> prices() {
        return Generate.pick(PRICES);
    }

    public static Gen<String> skus() {
        return Generate.pick(SKUS);
    }

    /** Returns steps of a history: updates, deliveries of deltas and whole-state syncs. */
    public static <T extends Crdt<T>> Gen<History.Step<T>> steps(Gen<Mutator<T>> mutators) {
        Gen<History.Step<T>> updates = integers().between(0, MAX_REPLICA_INDEX).zip(wallMillis(), mutators,
                (replica, wall, mutator) -> new History.Update<>(replica, wall, mutator));
        Gen<History.Step<T>> deliveries = integers().between(0, MAX_DELTA_INDEX).zip(
                integers().between(0, MAX_REPLICA_INDEX), (delta, replica) -> new History.Deliver<>(delta, replica));
        Gen<History.Step<T>> syncs = integers().between(0, MAX_REPLICA_INDEX)
                .zip(integers().between(0, MAX_REPLICA_INDEX), (from, to) -> new History.Sync<>(from, to));
        return Generate.frequency(List.of(Pair.of(5, updates), Pair.of(4, deliveries), Pair.of(1, syncs)));
    }

    /** Returns histories of up to {@value #MAX_STEPS} steps on a pool of replicas starting at {@code initial}. */
    public static <T extends Crdt<T>> Gen<History<T>> histories(T initial, Gen<Mutator<T>> mutators) {
        return replicaPools().zip(lists().of(steps(mutators)).ofSizeBetween(0, MAX_STEPS),
                (pool, steps) -> History.run(initial, pool, steps));
    }

    /** Returns states that one of {@code histories} holds: its initial state, a replica's state or a delta. */
    public static <T extends Crdt<T>> Gen<T> members(Gen<History<T>> histories) {
        return histories.flatMap(history -> Generate.pick(history.members()));
    }

    /** Returns {@code count} states held by one of {@code histories}, repeats allowed. */
    public static <T extends Crdt<T>> Gen<List<T>> concurrentStates(Gen<History<T>> histories, int count) {
        return histories.flatMap(history -> lists().of(Generate.pick(history.members())).ofSize(count));
    }

    public static Gen<History<GCounter>> gCounterHistories() {
        return histories(GCounter.empty(), gCounterIncrements());
    }

    public static Gen<History<PNCounter>> pnCounterHistories() {
        return histories(PNCounter.empty(), pnCounterAdds());
    }

    /** Returns histories of a price register that starts at 0.00, written by {@link #PROVISIONING_WRITER}. */
    public static Gen<History<LwwRegister<Money>>> lwwRegisterHistories() {
        return histories(LwwRegister.of(Money.ZERO, Timestamp.ZERO, PROVISIONING_WRITER), lwwAssignments());
    }

    public static Gen<History<LwwMap<String, Money>>> lwwMapHistories() {
        return histories(LwwMap.empty(), lwwPuts());
    }

    /** Returns histories of the stock of a store: a grow-only map from SKU to stock counter. */
    public static Gen<History<GMap<String, PNCounter>>> stockHistories() {
        return histories(GMap.empty(), stockAdds());
    }

    public static Gen<History<DotMap<Event>>> eventHistories() {
        return histories(DotMap.empty(), eventRecordings());
    }

    public static Gen<History<VersionVector>> versionVectorHistories() {
        return histories(VersionVector.empty(), vectorAdvances());
    }

    public static Gen<GCounter> gCounters() {
        return members(gCounterHistories());
    }

    public static Gen<PNCounter> pnCounters() {
        return members(pnCounterHistories());
    }

    public static Gen<LwwRegister<Money>> lwwRegisters() {
        return members(lwwRegisterHistories());
    }

    public static Gen<LwwMap<String, Money>> lwwMaps() {
        return members(lwwMapHistories());
    }

    public static Gen<GMap<String, PNCounter>> stockMaps() {
        return members(stockHistories());
    }

    public static Gen<DotMap<Event>> eventMaps() {
        return members(eventHistories());
    }

    public static Gen<VersionVector> versionVectors() {
        return members(versionVectorHistories());
    }

    public static Gen<Mutator<GCounter>> gCounterIncrements() {
        return longs().between(1, 1_000).map(GCounterIncrement::new);
    }

    /** Returns additions to a stock counter between -50 and 50, zero included. */
    public static Gen<Mutator<PNCounter>> pnCounterAdds() {
        return longs().between(-50, 50).map(PNCounterAdd::new);
    }

    public static Gen<Mutator<LwwRegister<Money>>> lwwAssignments() {
        return prices().map(LwwAssign::new);
    }

    public static Gen<Mutator<LwwMap<String, Money>>> lwwPuts() {
        return skus().zip(prices(), LwwPut::new);
    }

    public static Gen<Mutator<GMap<String, PNCounter>>> stockAdds() {
        return skus().zip(longs().between(-50, 50), StockAdd::new);
    }

    public static Gen<Mutator<DotMap<Event>>> eventRecordings() {
        return Generate.constant(new RecordEvent());
    }

    /** Returns advances of a replica's own entry and of entries learnt from other replicas. */
    public static Gen<Mutator<VersionVector>> vectorAdvances() {
        Gen<Mutator<VersionVector>> own = longs().between(1, 3).map(AdvanceOwn::new);
        Gen<Mutator<VersionVector>> learnt = replicaIds().zip(longs().between(1, 20), Learn::new);
        return Generate.frequency(List.of(Pair.of(1, own), Pair.of(1, learnt)));
    }

    /**
     * Returns events of every kind with values across each field's whole range. Dot counters and
     * timestamps take any value the wire accepts, quantities and amounts any signed value, and dates
     * any day from year 1 to 9999. Text includes characters outside Latin-1 but never lone
     * surrogates, because UTF-8 cannot carry them.
     */
    public static Gen<Event> events() {
        Gen<Dot> dots = replicaIds().zip(longs().between(1, Long.MAX_VALUE), Dot::new);
        Gen<Timestamp> anyTimestamps = longs().between(0, Long.MAX_VALUE)
                .zip(integers().between(0, Integer.MAX_VALUE), Timestamp::new);
        Gen<LocalDate> dates = longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31)
                .toEpochDay()).map(LocalDate::ofEpochDay);
        return dots.zip(anyTimestamps, scopes(), dates, eventBodies(), Event::new);
    }

    /** Returns the chain scope and store scopes. */
    public static Gen<Scope> scopes() {
        Gen<Scope> stores = texts(1).assuming(text -> !text.isBlank()).map(Scope::store);
        return Generate.frequency(List.of(Pair.of(1, Generate.constant(Scope.chain())), Pair.of(3, stores)));
    }

    /** Returns event bodies of all seven kinds. */
    public static Gen<EventBody> eventBodies() {
        Gen<String> skus = texts(1);
        Gen<EventBody> sales = texts(0).zip(texts(0), longs().all(), saleLines(), tenders(),
                (till, cashier, at, lines, tenders) -> new EventBody.SaleCompleted(till, cashier, at, lines, tenders,
                        "INV-" + at));
        Gen<EventBody> returns = texts(0).zip(longs().all(), saleLines(), tenders(), texts(0),
                (cashier, at, lines, refunds, receipt) -> new EventBody.SaleReturned("till-1", cashier, at, lines,
                        refunds, receipt, ""));
        Gen<EventBody> received = skus.zip(longs().all(), texts(0), EventBody.StockReceived::new);
        Gen<EventBody> adjusted = skus.zip(longs().all(), texts(0), texts(0), EventBody.StockAdjusted::new);
        Gen<EventBody> priced = skus.zip(moneys(), EventBody.PriceSet::new);
        Gen<EventBody> defined = skus.zip(items(), EventBody.ItemDefined::new);
        Gen<EventBody> moved = lists().of(skus.zip(longs().all(), StockDelta::new)).ofSizeBetween(0, 4)
                .map(EventBody.StockMoved::new);
        return Generate.frequency(List.of(Pair.of(3, sales), Pair.of(2, returns), Pair.of(1, received),
                Pair.of(1, adjusted), Pair.of(1, priced), Pair.of(1, defined), Pair.of(1, moved)));
    }

    /** Returns item definitions with any text in their description and barcode. */
    public static Gen<Item> items() {
        return texts(0).zip(texts(0), Item::new);
    }

    /** Returns amounts of money across the whole range of the scaled long. */
    public static Gen<Money> moneys() {
        return longs().all().map(Money::new);
    }

    private static Gen<List<SaleLine>> saleLines() {
        Gen<SaleLine> lines = texts(1).zip(texts(0), longs().all(), moneys(), SaleLine::new);
        return lists().of(lines).ofSizeBetween(0, 5);
    }

    private static Gen<List<Tender>> tenders() {
        Gen<Tender> tenders = Generate.enumValues(TenderKind.class).zip(moneys(), Tender::new);
        return lists().of(tenders).ofSizeBetween(0, 3);
    }

    /** Returns text of at least {@code minLength} UTF-16 units: ASCII, other scripts, or emoji. */
    private static Gen<String> texts(int minLength) {
        Gen<String> ascii = strings().ascii().ofLengthBetween(minLength, 16);
        Gen<String> multilingual = strings().betweenCodePoints(0xA0, 0xD7FF).ofLengthBetween(minLength, 16);
        Gen<String> emoji = strings().betweenCodePoints(0x1F300, 0x1F64F).ofLengthBetween(minLength, 8);
        return Generate.frequency(List.of(Pair.of(4, ascii), Pair.of(2, multilingual), Pair.of(1, emoji)));
    }

    /**
     * Returns the event that a correct replica records under {@code dot}. It is a function of the dot
     * alone, because a correct replica never issues two events with one dot.
     */
    public static Event eventOf(Dot dot) {
        long n = dot.counter();
        String sku = SKUS.get(Math.floorMod(n + dot.replica().nodeId().length(), SKUS.size()));
        EventBody body = switch ((int) (n % 3)) {
            case 0 -> new EventBody.StockReceived(sku, 12, "PO-" + n);
            case 1 -> {
                long quantity = 1 + n % 6;
                Money price = Money.parse("2.55");
                yield new EventBody.SaleCompleted(dot.replica().nodeId(), "cashier-" + n % 2, 1_291_191_960_000L + n,
                        List.of(new SaleLine(sku, "LINE OF " + sku, quantity, price)),
                        List.of(new Tender(TenderKind.CASH, price.times(quantity))), "");
            }
            default -> new EventBody.StockAdjusted(sku, -1 - n % 4, "breakage", "");
        };
        return new Event(dot, new Timestamp(FIRST_WALL_MILLIS + n, 0), Scope.store("uk-london"),
                LocalDate.of(2010, 12, 1).plusDays(n % 30), body);
    }

    /**
     * Returns the register that the last-writer-wins rule keeps of {@code a} and {@code b}, decided
     * from the rule itself: the later timestamp wins, then the lower writer, then the greater value.
     */
    public static <V extends Comparable<? super V>> LwwRegister<V> lastWriter(LwwRegister<V> a, LwwRegister<V> b) {
        return CrdtGenerators.<V>lwwOrder().compare(a, b) >= 0 ? a : b;
    }

    /** Returns the last-writer-wins order: the greatest register under it is the one kept. */
    public static <V extends Comparable<? super V>> Comparator<LwwRegister<V>> lwwOrder() {
        Comparator<LwwRegister<V>> byTimestamp = Comparator.comparing(LwwRegister::timestamp);
        Comparator<LwwRegister<V>> byLowerWriter = Comparator.comparing(LwwRegister::writer, Comparator.reverseOrder());
        Comparator<LwwRegister<V>> byValue = Comparator.comparing(LwwRegister::value);
        return byTimestamp.thenComparing(byLowerWriter).thenComparing(byValue);
    }

    private static GCounter withEntryRaised(GCounter counter, ReplicaId replica, long amount) {
        Map<ReplicaId, Long> entries = new TreeMap<>(counter.entries());
        entries.put(replica, counter.get(replica) + amount);
        return GCounter.of(entries);
    }

    private static Dot nextDot(DotMap<Event> events, ReplicaId self) {
        NavigableMap<Dot, Event> own = events.values()
                .subMap(new Dot(self, 1), true, new Dot(self, Long.MAX_VALUE), true);
        return new Dot(self, own.isEmpty() ? 1 : own.lastKey().counter() + 1);
    }

    /** Adds {@code amount} (positive) to the replica's entry of a grow-only counter. */
    public record GCounterIncrement(long amount) implements Mutator<GCounter> {

        @Override
        public GCounter delta(GCounter state, ReplicaId self, Timestamp now) {
            return state.incrementDelta(self, amount);
        }

        @Override
        public GCounter updated(GCounter state, ReplicaId self, Timestamp now) {
            return withEntryRaised(state, self, amount);
        }
    }

    /** Adds {@code amount} to a stock counter: an increment if positive, a decrement if negative. */
    public record PNCounterAdd(long amount) implements Mutator<PNCounter> {

        @Override
        public PNCounter delta(PNCounter state, ReplicaId self, Timestamp now) {
            return state.addDelta(self, amount);
        }

        @Override
        public PNCounter updated(PNCounter state, ReplicaId self, Timestamp now) {
            if (amount > 0) {
                return PNCounter.of(withEntryRaised(state.increments(), self, amount), state.decrements());
            }
            if (amount < 0) {
                return PNCounter.of(state.increments(), withEntryRaised(state.decrements(), self, -amount));
            }
            return state;
        }
    }

    /** Writes a new price into a register. */
    public record LwwAssign(Money price) implements Mutator<LwwRegister<Money>> {

        @Override
        public LwwRegister<Money> delta(LwwRegister<Money> state, ReplicaId self, Timestamp now) {
            return state.assignDelta(price, now, self);
        }

        @Override
        public LwwRegister<Money> updated(LwwRegister<Money> state, ReplicaId self, Timestamp now) {
            return lastWriter(state, LwwRegister.of(price, now, self));
        }
    }

    /** Sets the price of a SKU in a price map. */
    public record LwwPut(String sku, Money price) implements Mutator<LwwMap<String, Money>> {

        @Override
        public LwwMap<String, Money> delta(LwwMap<String, Money> state, ReplicaId self, Timestamp now) {
            return state.putDelta(sku, price, now, self);
        }

        @Override
        public LwwMap<String, Money> updated(LwwMap<String, Money> state, ReplicaId self, Timestamp now) {
            Map<String, LwwRegister<Money>> registers = new TreeMap<>(state.registers());
            LwwRegister<Money> written = LwwRegister.of(price, now, self);
            registers.put(sku, state.register(sku).map(current -> lastWriter(current, written)).orElse(written));
            return LwwMap.of(registers);
        }
    }

    /** Adds {@code amount} to the stock of a SKU, through the counter's own delta-mutator. */
    public record StockAdd(String sku, long amount) implements Mutator<GMap<String, PNCounter>> {

        @Override
        public GMap<String, PNCounter> delta(GMap<String, PNCounter> state, ReplicaId self, Timestamp now) {
            PNCounter current = state.get(sku).orElse(PNCounter.empty());
            return state.updateDelta(sku, current.addDelta(self, amount));
        }

        @Override
        public GMap<String, PNCounter> updated(GMap<String, PNCounter> state, ReplicaId self, Timestamp now) {
            Map<String, PNCounter> values = new TreeMap<>(state.values());
            PNCounter current = state.get(sku).orElse(PNCounter.empty());
            values.put(sku, new PNCounterAdd(amount).updated(current, self, now));
            return GMap.of(values);
        }
    }

    /** Records the replica's next event, with the next counter after its own dots in the map. */
    public record RecordEvent() implements Mutator<DotMap<Event>> {

        @Override
        public DotMap<Event> delta(DotMap<Event> state, ReplicaId self, Timestamp now) {
            Dot dot = nextDot(state, self);
            return state.addDelta(dot, eventOf(dot));
        }

        @Override
        public DotMap<Event> updated(DotMap<Event> state, ReplicaId self, Timestamp now) {
            Map<Dot, Event> values = new TreeMap<>(state.values());
            Dot dot = nextDot(state, self);
            values.put(dot, eventOf(dot));
            return DotMap.of(values);
        }
    }

    /** Raises the replica's own entry by {@code by}, as when it records that many events. */
    public record AdvanceOwn(long by) implements Mutator<VersionVector> {

        @Override
        public VersionVector delta(VersionVector state, ReplicaId self, Timestamp now) {
            return state.advanceDelta(self, state.get(self) + by);
        }

        @Override
        public VersionVector updated(VersionVector state, ReplicaId self, Timestamp now) {
            return withCounterRaised(state, self, state.get(self) + by);
        }
    }

    /** Raises the entry of {@code origin} to at least {@code counter}, as when its events arrive. */
    public record Learn(ReplicaId origin, long counter) implements Mutator<VersionVector> {

        @Override
        public VersionVector delta(VersionVector state, ReplicaId self, Timestamp now) {
            return state.advanceDelta(origin, counter);
        }

        @Override
        public VersionVector updated(VersionVector state, ReplicaId self, Timestamp now) {
            return withCounterRaised(state, origin, counter);
        }
    }

    private static VersionVector withCounterRaised(VersionVector vector, ReplicaId replica, long counter) {
        Map<ReplicaId, Long> counters = new TreeMap<>(vector.counters());
        counters.put(replica, Math.max(vector.get(replica), counter));
        return VersionVector.of(counters);
    }
}
