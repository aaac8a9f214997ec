package dev.tillsync.node.replay;

/**
 * The till of a store that records an invoice. The choice depends only on the invoice number, so
 * every replay sends an invoice to the same till: the number formed by the invoice number's digits,
 * modulo the number of tills, picks {@code <store>/till-1} to {@code <store>/till-<n>}. An invoice
 * number without digits is spread by its characters instead.
 */
public final class Tills {

    private Tills() {
    }

    /**
     * Returns the node id of the till of {@code storeId} that records {@code invoiceNo}.
     *
     * @throws IllegalArgumentException if {@code tillsPerStore} is less than 1
     */
    public static String tillFor(String storeId, String invoiceNo, int tillsPerStore) {
        if (tillsPerStore < 1) {
            throw new IllegalArgumentException("tills per store: " + tillsPerStore + " (expected: 1 or more)");
        }
        return storeId + "/till-" + (1 + index(invoiceNo, tillsPerStore));
    }

    private static int index(String invoiceNo, int tills) {
        long remainder = 0;
        boolean digits = false;
        for (int i = 0; i < invoiceNo.length(); i++) {
            char c = invoiceNo.charAt(i);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % tills;
                digits = true;
            }
        }
        if (digits) {
            return (int) remainder;
        }
        for (int i = 0; i < invoiceNo.length(); i++) {
            remainder = (remainder * 31 + invoiceNo.charAt(i)) % tills;
        }
        return (int) remainder;
    }
}
