package dev.tillsync.node.replay;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.SaleLine;
import dev.tillsync.node.event.Tender;
import dev.tillsync.node.event.TenderKind;
import dev.tillsync.node.pos.ReturnRequest;
import dev.tillsync.node.pos.SaleRequest;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups valid rows into the operations of a replay plan: one sale or return per invoice number,
 * one adjustment per row with a unit price of zero, in the order of each operation's first line.
 * Not thread-safe.
 */
final class PlanBuilder {

    /** The cashier recorded on replayed sales and returns. */
    static final String CASHIER = "replay";

    private enum Kind { SALE, RETURN, ADJUSTMENT }

    /** The rows of one future operation. */
    private static final class Pending {
        final Kind kind;
        final RetailRow first;
        final String tillId;
        final int adjustmentIndex;
        final List<RetailRow> rows = new ArrayList<>();

        Pending(Kind kind, RetailRow first, String tillId, int adjustmentIndex) {
            this.kind = kind;
            this.first = first;
            this.tillId = tillId;
            this.adjustmentIndex = adjustmentIndex;
        }
    }

    private final int tillsPerStore;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Pending> invoices = new HashMap<>();
    private final Map<String, Integer> adjustmentCounts = new HashMap<>();
    private final List<RejectedRow> rejected = new ArrayList<>();

    PlanBuilder(int tillsPerStore) {
        Tills.tillFor("store", "1", tillsPerStore);
        this.tillsPerStore = tillsPerStore;
    }

    void reject(long lineNumber, String reason) {
        rejected.add(new RejectedRow(lineNumber, reason));
    }

    void add(RetailRow row) {
        String tillId = Tills.tillFor(row.country(), row.invoiceNo(), tillsPerStore);
        if (!NodeIds.isValid(tillId)) {
            reject(row.lineNumber(), "Country: \"" + row.country() + "\" is too long for the till id " + tillId
                    + " (expected: a till id of at most " + NodeIds.MAX_LENGTH + " characters)");
        } else if (row.isAdjustment()) {
            int index = adjustmentCounts.merge(row.invoiceNo(), 1, Integer::sum);
            addPending(new Pending(Kind.ADJUSTMENT, row, tillId, index), row);
        } else {
            addInvoiceRow(row, tillId);
        }
    }

    private void addInvoiceRow(RetailRow row, String tillId) {
        Pending invoice = invoices.get(row.invoiceNo());
        if (invoice == null) {
            invoice = new Pending(row.isReturn() ? Kind.RETURN : Kind.SALE, row, tillId, 0);
            invoices.put(row.invoiceNo(), invoice);
            addPending(invoice, row);
        } else if (!invoice.first.country().equals(row.country())) {
            reject(row.lineNumber(), "Country: \"" + row.country() + "\" differs from \"" + invoice.first.country()
                    + "\" on line " + invoice.first.lineNumber() + " of invoice " + row.invoiceNo()
                    + " (expected: one store per invoice)");
        } else {
            invoice.rows.add(row);
        }
    }

    private void addPending(Pending operation, RetailRow row) {
        operation.rows.add(row);
        pending.add(operation);
    }

    /** Returns the operations built so far. Invoices whose total does not fit in money are rejected instead. */
    List<ReplayOperation> operations() {
        List<ReplayOperation> operations = new ArrayList<>(pending.size());
        for (Pending operation : pending) {
            try {
                operations.add(toOperation(operation));
            } catch (ArithmeticException e) {
                for (RetailRow row : operation.rows) {
                    reject(row.lineNumber(), "invoice " + operation.first.invoiceNo() + ": total of "
                            + operation.rows.size() + " lines (expected: a total that fits in money)");
                }
            }
        }
        return operations;
    }

    List<RejectedRow> rejected() {
        return rejected.stream().sorted().toList();
    }

    private ReplayOperation toOperation(Pending operation) {
        RetailRow first = operation.first;
        List<Long> lineNumbers = operation.rows.stream().map(RetailRow::lineNumber).toList();
        return switch (operation.kind) {
            case SALE -> new ReplayOperation.Sale(first.country(), operation.tillId, first.invoiceNo(), lineNumbers,
                    sale(operation));
            case RETURN -> new ReplayOperation.Return(first.country(), operation.tillId, first.invoiceNo(),
                    lineNumbers, saleReturn(operation));
            case ADJUSTMENT -> new ReplayOperation.Adjustment(first.country(), operation.tillId, first.invoiceNo(),
                    lineNumbers, adjustment(operation));
        };
    }

    private static SaleRequest sale(Pending sale) {
        List<SaleLine> lines = lines(sale.rows, 1);
        RetailRow first = sale.first;
        return new SaleRequest(first.country(), sale.tillId, CASHIER, businessDate(first), epochMillis(first), lines,
                List.of(new Tender(TenderKind.CASH, total(lines))), first.invoiceNo());
    }

    private static ReturnRequest saleReturn(Pending saleReturn) {
        List<SaleLine> lines = lines(saleReturn.rows, -1);
        RetailRow first = saleReturn.first;
        return new ReturnRequest(first.country(), saleReturn.tillId, CASHIER, businessDate(first), epochMillis(first),
                lines, List.of(new Tender(TenderKind.CASH, total(lines))), "", first.invoiceNo());
    }

    private static StockAdjustment adjustment(Pending adjustment) {
        RetailRow row = adjustment.first;
        String reason = row.description().isBlank() ? "unspecified" : row.description().strip();
        return new StockAdjustment(row.country(), row.stockCode(), row.quantity(), reason,
                row.invoiceNo() + "/" + adjustment.adjustmentIndex, businessDate(row));
    }

    private static List<SaleLine> lines(List<RetailRow> rows, int sign) {
        List<SaleLine> lines = new ArrayList<>(rows.size());
        for (RetailRow row : rows) {
            lines.add(new SaleLine(row.stockCode(), row.description(), Math.multiplyExact(sign, row.quantity()),
                    row.unitPrice()));
        }
        return lines;
    }

    /** Returns the sum of the line amounts, exactly, or throws {@link ArithmeticException} if it does not fit. */
    private static Money total(List<SaleLine> lines) {
        Money total = Money.ZERO;
        for (SaleLine line : lines) {
            total = total.plus(line.amount());
        }
        return total;
    }

    private static String businessDate(RetailRow row) {
        return row.invoiceDate().toLocalDate().toString();
    }

    // NOTE: PointOfSale reads a time of 0 as "now", so a row dated 1970-01-01 00:00:00 gets the replay's time.
    private static long epochMillis(RetailRow row) {
        return row.invoiceDate().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
