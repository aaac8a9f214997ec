package dev.tillsync.node.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tillsync.node.event.Event;
import dev.tillsync.node.event.EventBody;
import dev.tillsync.node.event.Item;
import dev.tillsync.node.event.Limits;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.event.StockDelta;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.proto.v1.EventProto;
import dev.tillsync.proto.v1.ItemDefinedProto;
import dev.tillsync.proto.v1.ItemProto;
import dev.tillsync.proto.v1.MoneyProto;
import dev.tillsync.proto.v1.PriceSetProto;
import dev.tillsync.proto.v1.SaleCompletedProto;
import dev.tillsync.proto.v1.SaleLineProto;
import dev.tillsync.proto.v1.SaleReturnedProto;
import dev.tillsync.proto.v1.StockAdjustedProto;
import dev.tillsync.proto.v1.StockDeltaProto;
import dev.tillsync.proto.v1.StockMovedProto;
import dev.tillsync.proto.v1.StockReceivedProto;
import dev.tillsync.proto.v1.TenderProto;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Converts {@link Event}s to {@link EventProto} and back, validating what it decodes. */
public final class EventProtoMapper {

    /** The most lines a sale or return may have; a frame with more is malformed. */
    public static final int MAX_LINES = 10_000;

    /** Encodes and decodes money as a serialized {@link MoneyProto}, for price registers. */
    public static final ValueCodec<Money> MONEY_CODEC = new ValueCodec<>() {
        @Override
        public ByteString encode(Money value) {
            return toProto(value).toByteString();
        }

        @Override
        public Money decode(ByteString bytes) {
            try {
                return fromProto(MoneyProto.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw new MalformedMessageException("price register value: not a MoneyProto", e);
            }
        }
    };

    /** Encodes and decodes items as a serialized {@link ItemProto}, for item registers. */
    public static final ValueCodec<Item> ITEM_CODEC = new ValueCodec<>() {
        @Override
        public ByteString encode(Item value) {
            return toProto(value).toByteString();
        }

        @Override
        public Item decode(ByteString bytes) {
            try {
                return fromProto(ItemProto.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw new MalformedMessageException("item register value: not an ItemProto", e);
            }
        }
    };

    private EventProtoMapper() {
    }

    public static EventProto toProto(Event event) {
        EventProto.Builder builder = EventProto.newBuilder()
                .setDot(CrdtProtoMapper.toProto(event.dot()))
                .setTimestamp(CrdtProtoMapper.toProto(event.timestamp()))
                .setScope(event.scope().toString())
                .setBusinessDate(toYyyymmdd(event.businessDate()));
        EventBody body = event.body();
        if (body instanceof EventBody.SaleCompleted sale) {
            builder.setSaleCompleted(toProto(sale));
        } else if (body instanceof EventBody.SaleReturned ret) {
            builder.setSaleReturned(toProto(ret));
        } else if (body instanceof EventBody.StockReceived received) {
            builder.setStockReceived(StockReceivedProto.newBuilder().setSku(received.sku())
                    .setQuantity(received.quantity()).setReference(received.reference()));
        } else if (body instanceof EventBody.StockAdjusted adjusted) {
            builder.setStockAdjusted(StockAdjustedProto.newBuilder().setSku(adjusted.sku())
                    .setQuantity(adjusted.quantity()).setReason(adjusted.reason())
                    .setExternalRef(adjusted.externalRef()));
        } else if (body instanceof EventBody.PriceSet price) {
            builder.setPriceSet(PriceSetProto.newBuilder().setSku(price.sku()).setPrice(toProto(price.price())));
        } else if (body instanceof EventBody.ItemDefined item) {
            builder.setItemDefined(ItemDefinedProto.newBuilder().setSku(item.sku()).setItem(toProto(item.item())));
        } else {
            builder.setStockMoved(toProto((EventBody.StockMoved) body));
        }
        return builder.build();
    }

    /**
     * Decodes an event.
     *
     * @throws MalformedMessageException if a field is missing or out of range
     */
    public static Event fromProto(EventProto proto) {
        if (!proto.hasDot() || !proto.hasTimestamp()) {
            throw new MalformedMessageException("event: dot and timestamp are required");
        }
        Scope scope;
        try {
            scope = Scope.parse(proto.getScope());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("event " + proto.getDot().getCounter() + ": " + e.getMessage(), e);
        }
        return new Event(CrdtProtoMapper.fromProto(proto.getDot()), CrdtProtoMapper.fromProto(proto.getTimestamp()),
                scope, fromYyyymmdd(proto.getBusinessDate()), bodyFromProto(proto));
    }

    /**
     * Checks that an event a peer sent stays within {@link Limits}. {@link #fromProto} does not
     * check this, so that events stored before a limit existed can still be read.
     *
     * @throws MalformedMessageException naming the first quantity beyond the limit
     */
    public static void requireWithinLimits(Event event) {
        for (StockDelta delta : stockMoves(event.body())) {
            if (!Limits.isQuantityWithinLimit(delta.quantity())) {
                throw new MalformedMessageException("event " + event.dot() + ": quantity of " + delta.sku() + ": "
                        + delta.quantity() + " (expected: at most " + Limits.MAX_QUANTITY + " units either way)");
            }
        }
    }

    /** Returns each quantity as written in the body, without the negation a sale applies to stock. */
    private static List<StockDelta> stockMoves(EventBody body) {
        if (body instanceof EventBody.SaleCompleted sale) {
            return sale.lines().stream().map(line -> new StockDelta(line.sku(), line.quantity())).toList();
        }
        if (body instanceof EventBody.SaleReturned ret) {
            return ret.lines().stream().map(line -> new StockDelta(line.sku(), line.quantity())).toList();
        }
        return body.stockDeltas();
    }

    /**
     * Decodes an event from its serialized bytes.
     *
     * @throws MalformedMessageException if the bytes are not a valid event
     */
    public static Event parse(byte[] bytes) {
        try {
            return fromProto(EventProto.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("event: not a valid EventProto (" + e.getMessage() + ")", e);
        }
    }

    public static MoneyProto toProto(Money money) {
        return MoneyProto.newBuilder().setScaledAmount(money.scaled()).build();
    }

    public static Money fromProto(MoneyProto proto) {
        return new Money(proto.getScaledAmount());
    }

    public static ItemProto toProto(Item item) {
        return ItemProto.newBuilder().setDescription(item.description()).setBarcode(item.barcode()).build();
    }

    public static Item fromProto(ItemProto proto) {
        return new Item(proto.getDescription(), proto.getBarcode());
    }

    /** Returns a date as the number yyyymmdd, 20101201 for 2010-12-01. */
    public static int toYyyymmdd(LocalDate date) {
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    /**
     * Returns the date written as the number yyyymmdd.
     *
     * @throws MalformedMessageException if the number is not a valid date
     */
    public static LocalDate fromYyyymmdd(int yyyymmdd) {
        try {
            return LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
        } catch (DateTimeException e) {
            throw new MalformedMessageException("business date: " + Integer.toUnsignedString(yyyymmdd)
                    + " (expected: a valid date written yyyymmdd)", e);
        }
    }

    private static EventBody bodyFromProto(EventProto proto) {
        return switch (proto.getBodyCase()) {
            case SALE_COMPLETED -> fromProto(proto.getSaleCompleted());
            case SALE_RETURNED -> fromProto(proto.getSaleReturned());
            case STOCK_RECEIVED -> new EventBody.StockReceived(sku(proto.getStockReceived().getSku()),
                    proto.getStockReceived().getQuantity(), proto.getStockReceived().getReference());
            case STOCK_ADJUSTED -> new EventBody.StockAdjusted(sku(proto.getStockAdjusted().getSku()),
                    proto.getStockAdjusted().getQuantity(), proto.getStockAdjusted().getReason(),
                    proto.getStockAdjusted().getExternalRef());
            case PRICE_SET -> new EventBody.PriceSet(sku(proto.getPriceSet().getSku()),
                    fromProto(proto.getPriceSet().getPrice()));
            case ITEM_DEFINED -> new EventBody.ItemDefined(sku(proto.getItemDefined().getSku()),
                    fromProto(proto.getItemDefined().getItem()));
            case STOCK_MOVED -> fromProto(proto.getStockMoved());
            case BODY_NOT_SET -> throw new MalformedMessageException("event: body is missing or of a kind this "
                    + "version does not know");
        };
    }

    private static SaleCompletedProto toProto(EventBody.SaleCompleted sale) {
        SaleCompletedProto.Builder builder = SaleCompletedProto.newBuilder()
                .setTillId(sale.tillId())
                .setCashier(sale.cashier())
                .setCompletedAtMillis(sale.completedAtMillis())
                .setExternalRef(sale.externalRef());
        for (SaleLine line : sale.lines()) {
            builder.addLines(toProto(line));
        }
        for (Tender tender : sale.tenders()) {
            builder.addTenders(toProto(tender));
        }
        return builder.build();
    }

    private static EventBody.SaleCompleted fromProto(SaleCompletedProto proto) {
        return new EventBody.SaleCompleted(proto.getTillId(), proto.getCashier(), proto.getCompletedAtMillis(),
                linesFromProto(proto.getLinesList()), tendersFromProto(proto.getTendersList()), proto.getExternalRef());
    }

    private static SaleReturnedProto toProto(EventBody.SaleReturned ret) {
        SaleReturnedProto.Builder builder = SaleReturnedProto.newBuilder()
                .setTillId(ret.tillId())
                .setCashier(ret.cashier())
                .setReturnedAtMillis(ret.returnedAtMillis())
                .setOriginalReceipt(ret.originalReceipt())
                .setExternalRef(ret.externalRef());
        for (SaleLine line : ret.lines()) {
            builder.addLines(toProto(line));
        }
        for (Tender refund : ret.refunds()) {
            builder.addRefunds(toProto(refund));
        }
        return builder.build();
    }

    private static EventBody.SaleReturned fromProto(SaleReturnedProto proto) {
        return new EventBody.SaleReturned(proto.getTillId(), proto.getCashier(), proto.getReturnedAtMillis(),
                linesFromProto(proto.getLinesList()), tendersFromProto(proto.getRefundsList()),
                proto.getOriginalReceipt(), proto.getExternalRef());
    }

    private static StockMovedProto toProto(EventBody.StockMoved moved) {
        StockMovedProto.Builder builder = StockMovedProto.newBuilder();
        for (StockDelta delta : moved.deltas()) {
            builder.addDeltas(StockDeltaProto.newBuilder().setSku(delta.sku()).setQuantity(delta.quantity()));
        }
        return builder.build();
    }

    private static EventBody.StockMoved fromProto(StockMovedProto proto) {
        if (proto.getDeltasCount() > MAX_LINES) {
            throw tooManyLines(proto.getDeltasCount());
        }
        List<StockDelta> deltas = new ArrayList<>(proto.getDeltasCount());
        for (StockDeltaProto delta : proto.getDeltasList()) {
            deltas.add(new StockDelta(sku(delta.getSku()), delta.getQuantity()));
        }
        return new EventBody.StockMoved(deltas);
    }

    private static SaleLineProto toProto(SaleLine line) {
        return SaleLineProto.newBuilder()
                .setSku(line.sku())
                .setDescription(line.description())
                .setQuantity(line.quantity())
                .setUnitPrice(toProto(line.unitPrice()))
                .build();
    }

    private static List<SaleLine> linesFromProto(List<SaleLineProto> protos) {
        if (protos.size() > MAX_LINES) {
            throw tooManyLines(protos.size());
        }
        List<SaleLine> lines = new ArrayList<>(protos.size());
        for (SaleLineProto line : protos) {
            lines.add(new SaleLine(sku(line.getSku()), line.getDescription(), line.getQuantity(),
                    fromProto(line.getUnitPrice())));
        }
        return lines;
    }

    private static TenderProto toProto(Tender tender) {
        dev.tillsync.proto.v1.TenderKind kind = switch (tender.kind()) {
            case CASH -> dev.tillsync.proto.v1.TenderKind.TENDER_KIND_CASH;
            case CARD -> dev.tillsync.proto.v1.TenderKind.TENDER_KIND_CARD;
            case OTHER -> dev.tillsync.proto.v1.TenderKind.TENDER_KIND_OTHER;
        };
        return TenderProto.newBuilder().setKind(kind).setAmount(toProto(tender.amount())).build();
    }

    private static List<Tender> tendersFromProto(List<TenderProto> protos) {
        if (protos.size() > MAX_LINES) {
            throw tooManyLines(protos.size());
        }
        List<Tender> tenders = new ArrayList<>(protos.size());
        for (TenderProto tender : protos) {
            TenderKind kind = switch (tender.getKind()) {
                case TENDER_KIND_CASH -> TenderKind.CASH;
                case TENDER_KIND_CARD -> TenderKind.CARD;
                case TENDER_KIND_OTHER -> TenderKind.OTHER;
                default -> throw new MalformedMessageException("tender kind: " + tender.getKindValue()
                        + " (expected: cash, card or other)");
            };
            tenders.add(new Tender(kind, fromProto(tender.getAmount())));
        }
        return tenders;
    }

    private static String sku(String sku) {
        if (sku.isEmpty()) {
            throw new MalformedMessageException("sku: empty (expected: a SKU)");
        }
        return sku;
    }

    private static MalformedMessageException tooManyLines(int count) {
        return new MalformedMessageException("lines: " + count + " (expected: at most " + MAX_LINES + ")");
    }
}
