package dev.tillsync.node.replay;

import dev.tillsync.node.pos.ReturnRequest;
import dev.tillsync.node.pos.SaleRequest;
import java.util.List;
import java.util.Objects;

/**
 * One event of a replay plan, addressed to a store and to the till that records it, with the lines
 * of the file it comes from so that a rejection can name them.
 */
public sealed interface ReplayOperation {

    /** Returns the store id: the Country of the rows. */
    String storeId();

    /** Returns the node id of the till that records it, such as {@code United Kingdom/till-2}. */
    String tillId();

    String invoiceNo();

    /** Returns the lines of the file this operation was built from, ascending. */
    List<Long> lineNumbers();

    /** The rows of one invoice that does not start with C. */
    record Sale(String storeId, String tillId, String invoiceNo, List<Long> lineNumbers, SaleRequest request)
            implements ReplayOperation {

        public Sale {
            lineNumbers = List.copyOf(lineNumbers);
            Objects.requireNonNull(request, "request");
        }
    }

    /** The rows of one invoice that starts with C, with their quantities negated. */
    record Return(String storeId, String tillId, String invoiceNo, List<Long> lineNumbers, ReturnRequest request)
            implements ReplayOperation {

        public Return {
            lineNumbers = List.copyOf(lineNumbers);
            Objects.requireNonNull(request, "request");
        }
    }

    /** One row with a unit price of zero. */
    record Adjustment(String storeId, String tillId, String invoiceNo, List<Long> lineNumbers,
                      StockAdjustment request) implements ReplayOperation {

        public Adjustment {
            lineNumbers = List.copyOf(lineNumbers);
            Objects.requireNonNull(request, "request");
        }
    }
}
