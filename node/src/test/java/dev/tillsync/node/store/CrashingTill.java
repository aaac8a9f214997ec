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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A till that records sales until it is killed, for {@link CrashRecoveryTest} and {@link PowerCutTest}.
 * Four threads record sales; each prints {@code RECORDED <receipt number> END} only after its sale is
 * durable. A fifth writes unsynced peer records between them, as acknowledgements from a parent are,
 * so that the log also contains writes a crash may lose. Run by tests only: {@code CrashingTill <data
 * directory> <node id> <seed> <recycle log files: true|false> [sales per thread]}. With a number of
 * sales per thread it prints {@code DONE} when the threads are done and stops without closing the
 * store, as if the power went.
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
        long sales = args.length > 4 ? Long.parseLong(args[4]) : Long.MAX_VALUE;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(Long.parseLong(args[2]) + t);
            threads.add(new Thread(() -> record(pointOfSale, random, out, sales)));
        }
        Thread acknowledgements = new Thread(() -> writeUnsynced(store));
        acknowledgements.setDaemon(true);
        acknowledgements.start();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        out.println("DONE");
        out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void writeUnsynced(NodeStore store) {
        for (long n = 0; ; n++) {
            byte[] key = ("crash-test/" + n % 64).getBytes(StandardCharsets.UTF_8);
            store.putPeerRecord(key, Long.toString(n).getBytes(StandardCharsets.UTF_8), false).join();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(300));
        }
    }

    private static void record(PointOfSale pointOfSale, Random random, PrintStream out, long sales) {
        for (long n = 0; n < sales; n++) {
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
