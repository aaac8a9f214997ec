package dev.tillsync.node.store;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.event.TreePosition;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.pos.RecordedSale;
import dev.tillsync.node.pos.SaleRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A till that records sales until it is killed, for {@link CrashRecoveryTest}. Four threads record
 * sales; each prints {@code RECORDED <receipt number> END} only after its sale is durable. Run by
 * tests only: {@code CrashingTill <data directory> <node id> <seed> <recycle log files: true|false>}.
 */
public final class CrashingTill {

    static final Money PRICE = Money.parse("0.85");
    static final int SKUS = 20;

    private CrashingTill() {
    }

    public static void main(String[] args) throws InterruptedException {
        NodeStore store = NodeStore.open(Path.of(args[0]), NodeStore.Options.defaults(args[1])
                .withWalRecycling(Boolean.parseBoolean(args[3])));
        PointOfSale pointOfSale = new PointOfSale(store, new TreePosition(args[1], false), Clock.systemUTC());
        PrintStream out = System.out;
        out.println("READY");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(Long.parseLong(args[2]) + t);
            threads.add(new Thread(() -> recordForever(pointOfSale, random, out)));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void recordForever(PointOfSale pointOfSale, Random random, PrintStream out) {
        while (true) {
            List<SaleLine> lines = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                lines.add(new SaleLine("SKU-" + random.nextInt(SKUS), "item", 1 + random.nextInt(3), PRICE));
            }
            Money total = lines.stream().map(SaleLine::amount).reduce(Money.ZERO, Money::plus);
            RecordedSale sale = pointOfSale.recordSale(new SaleRequest("", "", "crash", "", 0, lines,
                    List.of(new Tender(TenderKind.CASH, total)), ""));
            synchronized (out) {
                out.println("RECORDED " + sale.receiptNumber() + " END");
                out.flush();
            }
        }
    }
}
