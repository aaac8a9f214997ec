package dev.tillsync.node.replay;

import dev.tillsync.node.event.Event;
import dev.tillsync.node.pos.InvalidRequestException;
import dev.tillsync.node.pos.PointOfSale;
import dev.tillsync.node.pos.RecordedSale;
import dev.tillsync.node.pos.Totals;
import dev.tillsync.node.store.DuplicateReferenceException;
import dev.tillsync.node.store.StoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Records a replay plan through one point of sale, normally that of a root node, which records for
 * every store. Up to {@value #MAX_IN_FLIGHT} operations are queued at once, so the store's group
 * commit syncs many of them together. An operation whose invoice was recorded before (its external
 * reference exists in its store) is skipped, so replaying a file again, or after a crash, records
 * nothing twice. Not thread-safe: one replay at a time.
 */
public final class Replayer {

    private static final int MAX_IN_FLIGHT = 256;

    private record InFlight(ReplayOperation operation, CompletableFuture<?> future) {
    }

    private final Function<ReplayOperation, PointOfSale> router;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final List<RejectedRow> rejected = new ArrayList<>();
    private Totals recorded = Totals.ZERO;
    private long skipped;
    private StoreException storeFailure;

    public Replayer(PointOfSale pointOfSale) {
        Objects.requireNonNull(pointOfSale, "pointOfSale");
        this.router = operation -> pointOfSale;
    }

    /**
     * Creates a replayer that records each operation through the point of sale {@code router}
     * returns for it: the demo sends each invoice to its own till.
     */
    public Replayer(Function<ReplayOperation, PointOfSale> router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    /**
     * Records every operation of {@code log} that is not recorded yet and returns what was done.
     *
     * @throws StoreException if the store cannot write (disk full, read-only); the operations that
     *                        completed before stay recorded, and a later replay of the same log
     *                        records only the rest
     */
    public ReplaySummary replay(RetailLog log) {
        return replay(log.operations(), log.rejectedRows(), () -> { });
    }

    /**
     * Records {@code operations}, running {@code beforeEach} before each one (the demo paces itself
     * there), and returns what was done, with {@code rejectedRows} as rejected before the replay.
     */
    public ReplaySummary replay(List<ReplayOperation> operations, List<RejectedRow> rejectedRows, Runnable beforeEach) {
        reset();
        rejected.addAll(rejectedRows);
        for (ReplayOperation operation : operations) {
            if (storeFailure != null) {
                break;
            }
            beforeEach.run();
            submit(operation);
            while (inFlight.size() >= MAX_IN_FLIGHT) {
                settle(inFlight.removeFirst());
            }
        }
        while (!inFlight.isEmpty()) {
            settle(inFlight.removeFirst());
        }
        if (storeFailure != null) {
            throw storeFailure;
        }
        Collections.sort(rejected);
        return new ReplaySummary(recorded, skipped, rejected);
    }

    private void reset() {
        rejected.clear();
        recorded = Totals.ZERO;
        skipped = 0;
        storeFailure = null;
    }

    private void submit(ReplayOperation operation) {
        try {
            inFlight.addLast(new InFlight(operation, start(operation)));
        } catch (InvalidRequestException e) {
            rejectAll(operation, e);
        }
    }

    private CompletableFuture<?> start(ReplayOperation operation) {
        PointOfSale pointOfSale = router.apply(operation);
        if (operation instanceof ReplayOperation.Sale sale) {
            return pointOfSale.recordSaleAsync(sale.request());
        }
        if (operation instanceof ReplayOperation.Return saleReturn) {
            return pointOfSale.recordReturnAsync(saleReturn.request());
        }
        StockAdjustment adjustment = ((ReplayOperation.Adjustment) operation).request();
        CompletableFuture<Event> future = pointOfSale.adjustStockAsync(adjustment.storeId(), adjustment.sku(),
                adjustment.quantity(), adjustment.reason(), adjustment.externalRef(), adjustment.businessDate());
        return future;
    }

    private void settle(InFlight pending) {
        try {
            Object result = pending.future().join();
            recorded = recorded.plus(result instanceof RecordedSale sale ? sale.event() : (Event) result);
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DuplicateReferenceException) {
                skipped++;
            } else if (cause instanceof StoreException failure) {
                storeFailure = storeFailure == null ? failure : storeFailure;
            } else if (cause instanceof IllegalArgumentException invalid) {
                rejectAll(pending.operation(), invalid);
            } else {
                throw e;
            }
        }
    }

    private void rejectAll(ReplayOperation operation, IllegalArgumentException e) {
        for (long lineNumber : operation.lineNumbers()) {
            rejected.add(new RejectedRow(lineNumber, "invoice " + operation.invoiceNo() + ": " + e.getMessage()));
        }
    }
}
