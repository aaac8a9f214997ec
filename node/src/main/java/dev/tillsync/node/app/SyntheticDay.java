package dev.tillsync.node.app;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.pos.ReturnRequest;
import dev.tillsync.node.pos.SaleRequest;
import dev.tillsync.node.replay.ReplayOperation;
import dev.tillsync.node.replay.StockAdjustment;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A made-up trading day for the demo when no log is given. Three stores sell from a small
 * catalogue over opening hours: sales of one to four lines paid in cash or by card, a few returns
 * of earlier sales and a few stock counts. The same seed gives the same day.
 */
public final class SyntheticDay {

    /** One SKU of the catalogue. */
    public record Product(String sku, String description, Money price) {
    }

    public static final List<String> STORES = List.of("uk-london", "fr-paris", "de-berlin");

    public static final List<Product> CATALOGUE = List.of(
            new Product("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", Money.parse("2.55")),
            new Product("71053", "WHITE METAL LANTERN", Money.parse("3.39")),
            new Product("84406B", "CREAM CUPID HEARTS COAT HANGER", Money.parse("2.75")),
            new Product("22752", "SET 7 BABUSHKA NESTING BOXES", Money.parse("7.65")),
            new Product("21730", "GLASS STAR FROSTED T-LIGHT HOLDER", Money.parse("4.25")),
            new Product("22633", "HAND WARMER UNION JACK", Money.parse("1.85")),
            new Product("84879", "ASSORTED COLOUR BIRD ORNAMENT", Money.parse("1.69")),
            new Product("22745", "POPPY'S PLAYHOUSE BEDROOM", Money.parse("2.10")),
            new Product("22749", "FELTCRAFT PRINCESS CHARLOTTE DOLL", Money.parse("3.75")),
            new Product("22310", "IVORY KNITTED MUG COSY", Money.parse("1.65")),
            new Product("84969", "BOX OF 6 ASSORTED COLOUR TEASPOONS", Money.parse("4.25")),
            new Product("22623", "BOX OF VINTAGE JIGSAW BLOCKS", Money.parse("4.95")),
            new Product("PADS", "PADS TO MATCH ALL CUSHIONS", Money.parse("0.001")));

    private static final long OPENING_SECONDS = 9 * 3600;
    private static final long TRADING_SECONDS = 9 * 3600;

    private SyntheticDay() {
    }

    /** Returns the operations of one day with about {@code sales} sales, in time order. */
    public static List<ReplayOperation> generate(long seed, int sales, int tillsPerStore, LocalDate date) {
        Random random = new Random(seed);
        List<ReplayOperation> operations = new ArrayList<>();
        List<ReplayOperation.Sale> earlier = new ArrayList<>();
        long dayStart = date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + OPENING_SECONDS;
        for (int i = 0; i < sales; i++) {
            long at = (dayStart + TRADING_SECONDS * i / Math.max(1, sales)) * 1000;
            String store = STORES.get(weightedStore(random));
            String till = store + "/till-" + (1 + random.nextInt(tillsPerStore));
            ReplayOperation.Sale sale = sale(random, store, till, "S" + (100_000 + i), date, at);
            operations.add(sale);
            earlier.add(sale);
            if (random.nextInt(40) == 0) {
                operations.add(returnOf(earlier.get(random.nextInt(earlier.size())), date, at, i));
            }
            if (random.nextInt(60) == 0) {
                operations.add(count(random, store, till, date, i));
            }
        }
        return operations;
    }

    private static int weightedStore(Random random) {
        int draw = random.nextInt(10);
        if (draw < 5) {
            return 0;
        }
        return draw < 8 ? 1 : 2;
    }

    private static ReplayOperation.Sale sale(Random random, String store, String till, String reference,
                                             LocalDate date, long atMillis) {
        List<SaleLine> lines = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        Money total = Money.ZERO;
        for (int l = 0; l < count; l++) {
            Product product = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
            SaleLine line = new SaleLine(product.sku(), product.description(), 1 + random.nextInt(6), product.price());
            lines.add(line);
            total = total.plus(line.amount());
        }
        TenderKind kind = random.nextBoolean() ? TenderKind.CARD : TenderKind.CASH;
        SaleRequest request = new SaleRequest(store, till, "cashier-" + till.substring(till.length() - 1),
                date.toString(), atMillis, lines, List.of(new Tender(kind, total)), reference);
        return new ReplayOperation.Sale(store, till, reference, List.of(), request);
    }

    private static ReplayOperation returnOf(ReplayOperation.Sale sale, LocalDate date, long atMillis, int i) {
        SaleLine line = sale.request().lines().get(0);
        SaleLine returned = new SaleLine(line.sku(), line.description(), 1, line.unitPrice());
        String reference = "R" + (100_000 + i);
        ReturnRequest request = new ReturnRequest(sale.storeId(), sale.tillId(), sale.request().cashier(),
                date.toString(), atMillis, List.of(returned), List.of(new Tender(TenderKind.CASH, returned.amount())),
                "", reference);
        return new ReplayOperation.Return(sale.storeId(), sale.tillId(), reference, List.of(), request);
    }

    private static ReplayOperation count(Random random, String store, String till, LocalDate date, int i) {
        Product product = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
        String reference = "A" + (100_000 + i);
        long quantity = random.nextBoolean() ? -(1 + random.nextInt(3)) : 1 + random.nextInt(3);
        StockAdjustment adjustment = new StockAdjustment(store, product.sku(), quantity, "shelf count", reference,
                date.toString());
        return new ReplayOperation.Adjustment(store, till, reference, List.of(), adjustment);
    }
}
