package dev.tillsync.node.replay;

import static dev.tillsync.node.pos.InvalidRequestException.quoted;

import dev.tillsync.node.event.Limits;
import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.NodeIds;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One valid row of the Online Retail log. CustomerID is not kept: no operation uses it.
 *
 * @param lineNumber  the line of the file, counting the header as line 1
 * @param description as in the file, surrounding spaces included
 * @param invoiceDate a local time of the data set, which the replay reads as UTC
 */
record RetailRow(long lineNumber, String invoiceNo, String stockCode, String description, long quantity,
                 LocalDateTime invoiceDate, Money unitPrice, String country) {

    static final List<String> HEADER = List.of("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
            "UnitPrice", "CustomerID", "Country");

    private static final DateTimeFormatter INVOICE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    /** A plain decimal: digits, then optionally a point and digits. A leading minus is read to reject it. */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** An integer: an optional minus, then ASCII digits. No plus sign and no other script's digits. */
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final int FIRST_YEAR = 1900;

    /** Returns true for a row of a return: its invoice number starts with {@code C}. */
    boolean isReturn() {
        return invoiceNo.startsWith("C");
    }

    /** Returns true for a row that moves stock without money: its unit price is zero. */
    boolean isAdjustment() {
        return unitPrice.signum() == 0;
    }

    /** Returns quantity times unit price, which {@link #parse} has checked to fit. */
    Money amount() {
        return unitPrice.times(quantity);
    }

    /**
     * Parses and checks the fields of one line. Every field but Description is read without its
     * surrounding spaces.
     *
     * @throws RowRejectedException naming the field, the value found and what is expected
     */
    static RetailRow parse(long lineNumber, List<String> fields) throws RowRejectedException {
        if (fields.size() != HEADER.size()) {
            throw new RowRejectedException("has " + fields.size() + " fields (expected: " + HEADER.size() + ", "
                    + String.join(",", HEADER) + ")");
        }
        requireNoNul(fields);
        String invoiceNo = invoiceNo(fields.get(0).strip());
        String stockCode = stockCode(fields.get(1).strip());
        requireLength("Description", fields.get(2), Limits.MAX_TEXT_LENGTH);
        long quantity = quantity(fields.get(3).strip());
        LocalDateTime invoiceDate = invoiceDate(fields.get(4).strip());
        Money unitPrice = unitPrice(fields.get(5).strip());
        String country = country(fields.get(7).strip());
        requireAmountFits(unitPrice, quantity);
        return new RetailRow(lineNumber, invoiceNo, stockCode, fields.get(2), quantity, invoiceDate, unitPrice,
                country);
    }

    private static void requireNoNul(List<String> fields) throws RowRejectedException {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).indexOf('\0') >= 0) {
                throw new RowRejectedException(HEADER.get(i) + ": contains a NUL character (expected: none,"
                        + " because the store cannot keep it in its keys)");
            }
        }
    }

    private static void requireLength(String field, String value, int maxLength) throws RowRejectedException {
        if (Limits.length(value) > maxLength) {
            throw new RowRejectedException(field + ": " + quoted(value) + " (expected: at most " + maxLength
                    + " characters)");
        }
    }

    private static String invoiceNo(String value) throws RowRejectedException {
        if (value.isEmpty()) {
            throw new RowRejectedException("InvoiceNo: empty (expected: an invoice number such as 536365)");
        }
        if (Character.isLetter(value.charAt(0)) && value.charAt(0) != 'C') {
            throw new RowRejectedException("InvoiceNo: " + quoted(value) + " starts with a letter other than C"
                    + " (expected: a number, or C and a number for a return)");
        }
        return value;
    }

    private static String stockCode(String value) throws RowRejectedException {
        if (value.isEmpty()) {
            throw new RowRejectedException("StockCode: empty (expected: a stock code such as 85123A)");
        }
        requireLength("StockCode", value, Limits.MAX_CODE_LENGTH);
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new RowRejectedException("StockCode: " + quoted(value) + " contains a control character"
                    + " (expected: printable characters only)");
        }
        return value;
    }

    private static long quantity(String value) throws RowRejectedException {
        if (!INTEGER.matcher(value).matches()) {
            throw new RowRejectedException("Quantity: " + quoted(value) + " (expected: an integer such as 6 or -2,"
                    + " written as an optional minus and the digits 0 to 9)");
        }
        long quantity;
        try {
            quantity = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RowRejectedException("Quantity: " + quoted(value) + " (expected: at most " + Limits.MAX_QUANTITY
                    + " units either way)");
        }
        if (quantity == 0) {
            throw new RowRejectedException("Quantity: 0 (expected: a non-zero integer, because a line moves at"
                    + " least one unit)");
        }
        if (!Limits.isQuantityWithinLimit(quantity)) {
            throw new RowRejectedException("Quantity: " + quantity + " (expected: at most " + Limits.MAX_QUANTITY
                    + " units either way)");
        }
        return quantity;
    }

    private static LocalDateTime invoiceDate(String value) throws RowRejectedException {
        LocalDateTime date;
        try {
            date = LocalDateTime.parse(value, INVOICE_DATE);
        } catch (DateTimeParseException e) {
            throw new RowRejectedException("InvoiceDate: " + quoted(value)
                    + " (expected: yyyy-MM-dd HH:mm:ss, such as 2010-12-01 08:26:00)");
        }
        if (date.getYear() < FIRST_YEAR) {
            throw new RowRejectedException("InvoiceDate: " + quoted(value) + " (expected: a year from " + FIRST_YEAR
                    + " to 9999)");
        }
        return date;
    }

    private static Money unitPrice(String value) throws RowRejectedException {
        if (!DECIMAL.matcher(value).matches()) {
            throw new RowRejectedException("UnitPrice: " + quoted(value)
                    + " (expected: digits with an optional point and digits, such as 2.55)");
        }
        if (value.startsWith("-")) {
            throw new RowRejectedException("UnitPrice: " + quoted(value) + " (expected: zero or more)");
        }
        try {
            return Money.parse(value);
        } catch (IllegalArgumentException e) {
            throw new RowRejectedException("UnitPrice: " + e.getMessage());
        }
    }

    private static String country(String value) throws RowRejectedException {
        if (!NodeIds.isValid(value) || value.contains("/")) {
            throw new RowRejectedException("Country: " + quoted(value) + " is not usable as a store id (expected: 1 to "
                    + NodeIds.MAX_LENGTH + " letters, digits, spaces, '.', '_' or '-', starting with a letter or"
                    + " digit)");
        }
        if (value.equals(NodeIds.ROOT_ID)) {
            throw new RowRejectedException("Country: \"" + value + "\" is not usable as a store id, because it is"
                    + " reserved for the root of a chain (expected: any other country name)");
        }
        return value;
    }

    private static void requireAmountFits(Money unitPrice, long quantity) throws RowRejectedException {
        try {
            unitPrice.times(quantity);
        } catch (ArithmeticException e) {
            throw new RowRejectedException("Quantity x UnitPrice: " + quantity + " x " + unitPrice
                    + " (expected: an amount that fits in money, below about 922 trillion)");
        }
    }
}
