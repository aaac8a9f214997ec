package dev.tillsync.node.pos;

import dev.tillsync.node.codec.EventProtoMapper;
import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.LwwRegister;
import dev.tillsync.node.crdt.Timestamp;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Limits;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.store.AckChain;
import dev.tillsync.node.store.EventDraft;
import dev.tillsync.node.store.NodeStore;
import dev.tillsync.node.store.StoredEvent;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * The till operations of one node. Each operation validates its request completely, then records
 * one event; the blocking methods return once the event is durable, the {@code ...Async} ones
 * return a future of the same. Thread-safe.
 */
public final class PointOfSale {

    private final NodeStore store;
    private final TreePosition position;
    private final Clock clock;

    public PointOfSale(NodeStore store, TreePosition position, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.position = Objects.requireNonNull(position, "position");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!position.nodeId().equals(store.nodeId())) {
            throw new IllegalArgumentException("position " + position.nodeId() + " does not match the store's node "
                    + store.nodeId());
        }
    }

    public TreePosition position() {
        return position;
    }

    public NodeStore store() {
        return store;
    }

    /**
     * Records a sale once it is durable.
     *
     * @throws InvalidRequestException if the request breaks a rule; nothing is written
     * @throws dev.tillsync.node.store.DuplicateReferenceException if its external reference is recorded already
     * @throws dev.tillsync.node.store.StoreException if the store cannot write (disk full, read-only)
     */
    public RecordedSale recordSale(SaleRequest request) {
        return join(recordSaleAsync(request));
    }

    /** Validates a sale now and records it; the future completes once it is durable. */
    public CompletableFuture<RecordedSale> recordSaleAsync(SaleRequest request) {
        Objects.requireNonNull(request, "request");
        String storeId = storeFor(request.storeId());
        LocalDate date = businessDate(request.businessDate());
        requireText("cashier", request.cashier());
        requireLength("cashier", request.cashier(), Limits.MAX_CODE_LENGTH);
        requireLength("external reference", text(request.externalRef()), Limits.MAX_CODE_LENGTH);
        requireLines(request.lines());
        Money total = total(request.lines());
        Money change = requireCovered("tenders", request.tenders(), total, true);
        EventBody.SaleCompleted body = new EventBody.SaleCompleted(tillFor(request.tillId()), request.cashier(),
                timeOrNow(request.completedAtMillis()), request.lines(), request.tenders(),
                text(request.externalRef()));
        EventDraft draft = new EventDraft(Scope.store(storeId), date, body, reference(storeId, "sale",
                request.externalRef()));
        requireEncodedSize(draft);
        return store.append(draft).thenApply(event -> new RecordedSale(event, total, change));
    }

    public RecordedSale recordReturn(ReturnRequest request) {
        return join(recordReturnAsync(request));
    }

    /** Validates a return now and records it; the future completes once it is durable. */
    public CompletableFuture<RecordedSale> recordReturnAsync(ReturnRequest request) {
        Objects.requireNonNull(request, "request");
        String storeId = storeFor(request.storeId());
        LocalDate date = businessDate(request.businessDate());
        requireText("cashier", request.cashier());
        requireLength("cashier", request.cashier(), Limits.MAX_CODE_LENGTH);
        requireLength("external reference", text(request.externalRef()), Limits.MAX_CODE_LENGTH);
        requireLines(request.lines());
        String original = text(request.originalReceipt());
        requireLength("original receipt", original, Limits.MAX_CODE_LENGTH);
        if (!original.isEmpty()) {
            try {
                dev.tillsync.node.event.Receipt.parse(original);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("original receipt", original,
                        "a receipt number as printed on the receipt, or nothing");
            }
        }
        Money total = total(request.lines());
        requireCovered("refunds", request.refunds(), total, false);
        EventBody.SaleReturned body = new EventBody.SaleReturned(tillFor(request.tillId()), request.cashier(),
                timeOrNow(request.returnedAtMillis()), request.lines(), request.refunds(), original,
                text(request.externalRef()));
        EventDraft draft = new EventDraft(Scope.store(storeId), date, body, reference(storeId, "return",
                request.externalRef()));
        requireEncodedSize(draft);
        return store.append(draft).thenApply(event -> new RecordedSale(event, total, Money.ZERO));
    }

    /** Records goods delivered to a store: {@code quantity} units, positive. */
    public Event receiveStock(String storeId, String sku, long quantity, String reference, String businessDate) {
        String checkedStore = storeFor(storeId);
        String checkedSku = requireSku("sku", sku);
        if (quantity <= 0) {
            throw new InvalidRequestException("quantity", quantity, "a positive number of units received");
        }
        requireQuantityWithinLimit("quantity", quantity);
        requireLength("reference", text(reference), Limits.MAX_CODE_LENGTH);
        EventBody body = new EventBody.StockReceived(checkedSku, quantity, text(reference));
        return join(store.append(new EventDraft(Scope.store(checkedStore), businessDate(businessDate), body, null)));
    }

    /**
     * Records a correction of stock on hand: {@code quantity} units added (positive) or removed
     * (negative), for {@code reason}.
     */
    public Event adjustStock(String storeId, String sku, long quantity, String reason, String externalRef,
                             String businessDate) {
        return join(adjustStockAsync(storeId, sku, quantity, reason, externalRef, businessDate));
    }

    public CompletableFuture<Event> adjustStockAsync(String storeId, String sku, long quantity, String reason,
                                                     String externalRef, String businessDate) {
        String checkedStore = storeFor(storeId);
        String checkedSku = requireSku("sku", sku);
        if (quantity == 0) {
            throw new InvalidRequestException("quantity", quantity, "a non-zero number of units to add or remove");
        }
        requireQuantityWithinLimit("quantity", quantity);
        requireText("reason", reason);
        requireLength("reason", reason, Limits.MAX_TEXT_LENGTH);
        requireLength("external reference", text(externalRef), Limits.MAX_CODE_LENGTH);
        EventBody body = new EventBody.StockAdjusted(checkedSku, quantity, reason, text(externalRef));
        return store.append(new EventDraft(Scope.store(checkedStore), businessDate(businessDate), body,
                reference(checkedStore, "adjustment", externalRef)));
    }

    /**
     * Sets the price of a SKU in a scope: the chain (only at the root) or a store (a store server
     * or till sets its own store's).
     */
    public Event setPrice(Scope scope, String sku, Money price) {
        Scope checked = requireWritableScope(scope);
        String checkedSku = requireSku("sku", sku);
        Objects.requireNonNull(price, "price");
        if (price.isNegative()) {
            throw new InvalidRequestException("price", price.toString(), "zero or more");
        }
        EventBody body = new EventBody.PriceSet(checkedSku, price);
        return join(store.append(new EventDraft(checked, today(), body, null)));
    }

    /** Defines a SKU (description, barcode) in a scope, with the same rules as {@link #setPrice}. */
    public Event defineItem(Scope scope, String sku, Item item) {
        Scope checked = requireWritableScope(scope);
        String checkedSku = requireSku("sku", sku);
        requireText("description", item.description());
        requireLength("description", item.description(), Limits.MAX_TEXT_LENGTH);
        requireLength("barcode", item.barcode(), Limits.MAX_CODE_LENGTH);
        EventBody body = new EventBody.ItemDefined(checkedSku, item);
        return join(store.append(new EventDraft(checked, today(), body, null)));
    }

    /** Returns the units on hand of a SKU in a store; negative when more were sold than known. */
    public long stockOnHand(String storeId, String sku) {
        return store.reader().stock(storeFor(storeId), requireSku("sku", sku)).value();
    }

    /**
     * Returns the price of a SKU in a store: of the chain's price and the store's own, the one set
     * last (greatest clock timestamp).
     */
    public Optional<Money> price(String storeId, String sku) {
        return priceRegister(storeFor(storeId), requireSku("sku", sku)).map(LwwRegister::value);
    }

    private Optional<LwwRegister<Money>> priceRegister(String storeId, String sku) {
        Optional<LwwRegister<Money>> chain = store.reader().price(Scope.chain(), sku);
        Optional<LwwRegister<Money>> local = store.reader().price(Scope.store(storeId), sku);
        if (chain.isEmpty()) {
            return local;
        }
        return local.isEmpty() ? chain : Optional.of(chain.get().merge(local.get()));
    }

    /** Returns the item definition of a SKU in a store, by the same rule as {@link #price}. */
    public Optional<Item> item(String storeId, String sku) {
        String store = storeFor(storeId);
        String checkedSku = requireSku("sku", sku);
        Optional<LwwRegister<Item>> chain = this.store.reader().item(Scope.chain(), checkedSku);
        Optional<LwwRegister<Item>> local = this.store.reader().item(Scope.store(store), checkedSku);
        if (chain.isEmpty()) {
            return local.map(LwwRegister::value);
        }
        return Optional.of((local.isEmpty() ? chain.get() : chain.get().merge(local.get())).value());
    }

    /** Returns the sales and returns of a business date held here (yyyy-MM-dd). */
    public List<Event> sales(String businessDate) {
        return store.reader().eventsOn(businessDate(businessDate)).stream()
                .filter(e -> e.body() instanceof EventBody.SaleCompleted || e.body() instanceof EventBody.SaleReturned)
                .toList();
    }

    /** Returns the totals of every sale, return and adjustment held here. */
    public Totals totals() {
        return totals(event -> true);
    }

    /** Returns the totals of the sales, returns and adjustments held here that {@code filter} accepts. */
    public Totals totals(Predicate<Event> filter) {
        Totals[] totals = {Totals.ZERO};
        store.reader().forEachEvent(event -> {
            if (filter.test(event)) {
                totals[0] = totals[0].plus(event);
            }
            return true;
        });
        return totals[0];
    }

    /**
     * Returns the events of this node's subtree that its parent has not acknowledged yet, oldest
     * first per replica: what the offline sync monitor lists.
     */
    public List<Event> unacknowledged() {
        return unacknowledged(Integer.MAX_VALUE);
    }

    /** Returns at most {@code max} unacknowledged events, oldest first per replica. */
    public List<Event> unacknowledged(int max) {
        AckChain acks = store.ackChain();
        List<Event> events = new ArrayList<>();
        store.vector().counters().forEach((replica, counter) -> {
            long acked = acks.parent().get(replica);
            if (!position.hasInSubtree(replica.nodeId()) || acked >= counter || events.size() >= max) {
                return;
            }
            for (StoredEvent stored : store.reader().readEvents(replica, acked, max - events.size(), Long.MAX_VALUE)) {
                events.add(dev.tillsync.node.codec.EventProtoMapper.parse(stored.bytes()));
            }
        });
        return events;
    }

    /** Returns how far up the chain the event with this dot is durable. */
    public Durability durability(Dot dot) {
        int levels = store.ackChain().levelsHolding(dot);
        if (levels == 0) {
            return Durability.LOCAL;
        }
        return levels >= store.ackChain().levels().size() && !position.root() ? Durability.ROOT : Durability.PARENT;
    }

    private String storeFor(String requested) {
        String storeId = text(requested).strip();
        if (position.root()) {
            if (storeId.isEmpty()) {
                throw new InvalidRequestException("store", requested, "a store id: the root records for any store");
            }
            if (!NodeIds.isValidStore(storeId) || storeId.equals(position.nodeId())) {
                throw new InvalidRequestException("store", requested, "a store id such as uk-london (letters, digits, "
                        + "spaces, '.', '_', '-'), other than the root's id " + position.nodeId() + " and "
                        + NodeIds.ROOT_ID);
            }
            return storeId;
        }
        if (!storeId.isEmpty() && !storeId.equals(position.storeId())) {
            throw new InvalidRequestException("store", requested, "this node's own store \"" + position.storeId()
                    + "\", or nothing");
        }
        return position.storeId();
    }

    private String tillFor(String requested) {
        String tillId = text(requested).strip();
        if (tillId.isEmpty() || tillId.equals(position.nodeId())) {
            return "";
        }
        if (!NodeIds.isValid(tillId)) {
            throw new InvalidRequestException("till", requested, "a node id such as uk-london/till-3, or nothing");
        }
        return tillId;
    }

    private Scope requireWritableScope(Scope scope) {
        Objects.requireNonNull(scope, "scope");
        if (scope.isChain() && !position.root()) {
            throw new InvalidRequestException("scope", scope.toString(), "store:" + position.storeId()
                    + ": chain prices and items are set at the root");
        }
        if (!scope.isChain()) {
            storeFor(scope.storeId());
        }
        return scope;
    }

    private LocalDate businessDate(String text) {
        String date = text(text).strip();
        if (date.isEmpty()) {
            return today();
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("business date", text, "a date written yyyy-MM-dd, such as 2010-12-01");
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private long timeOrNow(long millis) {
        return millis == 0 ? clock.millis() : millis;
    }

    private static void requireLines(List<SaleLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new InvalidRequestException("lines", "none", "at least one line");
        }
        if (lines.size() > EventProtoMapper.MAX_LINES) {
            throw new InvalidRequestException("lines", lines.size() + " lines", "at most " + EventProtoMapper.MAX_LINES
                    + ", the most a stored event may have");
        }
        for (int i = 0; i < lines.size(); i++) {
            SaleLine line = lines.get(i);
            requireSku("lines[" + i + "].sku", line.sku());
            requireLength("lines[" + i + "].description", line.description(), Limits.MAX_TEXT_LENGTH);
            if (line.quantity() == 0) {
                throw new InvalidRequestException("lines[" + i + "].quantity", 0L, "a non-zero number of units");
            }
            requireQuantityWithinLimit("lines[" + i + "].quantity", line.quantity());
            if (line.unitPrice().isNegative()) {
                throw new InvalidRequestException("lines[" + i + "].unit price", line.unitPrice().toString(),
                        "zero or more");
            }
        }
    }

    private static Money total(List<SaleLine> lines) {
        try {
            return lines.stream().map(SaleLine::amount).reduce(Money.ZERO, Money::plus);
        } catch (ArithmeticException e) {
            throw new InvalidRequestException("lines", lines.size() + " lines", "a total that fits in money");
        }
    }

    /**
     * Checks that tenders cover a total and returns the change due. They cover it when they equal
     * it, or, for a sale with a positive total, when they exceed it by no more than the cash given.
     */
    private static Money requireCovered(String field, List<Tender> tenders, Money total, boolean changeAllowed) {
        if (tenders == null || tenders.isEmpty()) {
            throw new InvalidRequestException(field, "none", "at least one tender covering the total " + total);
        }
        if (tenders.size() > EventProtoMapper.MAX_LINES) {
            throw new InvalidRequestException(field, tenders.size() + " tenders", "at most "
                    + EventProtoMapper.MAX_LINES + ", the most a stored event may have");
        }
        Money paid = Money.ZERO;
        Money cash = Money.ZERO;
        for (Tender tender : tenders) {
            paid = paid.plus(tender.amount());
            if (tender.kind() == TenderKind.CASH) {
                cash = cash.plus(tender.amount());
            }
        }
        Money change = paid.minus(total);
        boolean exact = change.signum() == 0;
        boolean cashChange = changeAllowed && total.signum() >= 0 && change.signum() > 0 && change.compareTo(cash) <= 0;
        if (!exact && !cashChange) {
            throw new InvalidRequestException(field, paid.toString(), "tenders totalling " + total
                    + (changeAllowed ? ", or more in cash when change is given" : ""));
        }
        return exact ? Money.ZERO : change;
    }

    private static void requireQuantityWithinLimit(String field, long quantity) {
        if (!Limits.isQuantityWithinLimit(quantity)) {
            throw new InvalidRequestException(field, quantity, "at most " + Limits.MAX_QUANTITY
                    + " units either way");
        }
    }

    private static String requireSku(String field, String sku) {
        String checked = text(sku).strip();
        if (checked.isEmpty()) {
            throw new InvalidRequestException(field, sku == null ? "" : sku, "a SKU such as 85123A");
        }
        requireLength(field, checked, Limits.MAX_CODE_LENGTH);
        for (int i = 0; i < checked.length(); i++) {
            if (Character.isISOControl(checked.charAt(i))) {
                throw new InvalidRequestException(field, sku, "a SKU without control characters");
            }
        }
        return checked;
    }

    private static void requireLength(String field, String value, int maxLength) {
        if (value != null && Limits.length(value) > maxLength) {
            throw new InvalidRequestException(field, value, "at most " + maxLength + " characters");
        }
    }

    /**
     * Checks that the event of {@code draft} fits in {@link Limits#MAX_EVENT_BYTES} once the store
     * gives it a dot and a timestamp, which are encoded here at their largest.
     */
    private void requireEncodedSize(EventDraft draft) {
        Event largest = new Event(new Dot(store.self(), Long.MAX_VALUE), new Timestamp(Long.MAX_VALUE,
                Integer.MAX_VALUE), draft.scope(), draft.businessDate(), draft.body());
        int size = EventProtoMapper.toProto(largest).getSerializedSize();
        if (size > Limits.MAX_EVENT_BYTES) {
            throw new InvalidRequestException("event", size + " bytes encoded", "at most " + Limits.MAX_EVENT_BYTES
                    + " bytes, so that it fits in one sync frame; record it as several sales");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, value == null ? "" : value, "a non-blank value");
        }
    }

    private static EventDraft.Reference reference(String storeId, String kind, String value) {
        String reference = text(value).strip();
        return reference.isEmpty() ? null : new EventDraft.Reference(storeId, kind, reference);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
