package dev.tillsync.loadtest.chain;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.pos.SaleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sales as a till rings them up: three lines drawn from 2,000 SKUs, paid by card, no external
 * reference, today's business date. The same seed gives the same sales.
 */
final class Sales {

    private static final int SKUS = 2_000;
    private static final int LINES = 3;
    private static final Money PRICE = Money.parse("2.55");

    private final Random random;

    Sales(long seed) {
        this.random = new Random(seed);
    }

    SaleRequest next() {
        List<SaleLine> lines = new ArrayList<>(LINES);
        Money total = Money.ZERO;
        for (int i = 0; i < LINES; i++) {
            SaleLine line = new SaleLine(Integer.toString(10_000 + random.nextInt(SKUS)),
                    "WHITE HANGING HEART T-LIGHT HOLDER", 1 + random.nextInt(6), PRICE);
            lines.add(line);
            total = total.plus(line.amount());
        }
        return new SaleRequest("", "", "cashier-1", "", 0, lines, List.of(new Tender(TenderKind.CARD, total)), "");
    }
}
