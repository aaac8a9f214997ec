package dev.tillsync.node.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sales log of the UCI Online Retail data set, read into a replay plan.
 *
 * <p>The file is UTF-8 CSV whose header is
 * {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country}. Each
 * invoice becomes a sale (or, when its number starts with {@code C}, a return) of the store named
 * by its Country, recorded on the till {@link Tills} picks; each row with a unit price of zero
 * becomes a stock adjustment. A row that breaks a rule is rejected with its line number and reason,
 * and the rest is still replayed. InvoiceDate is read as UTC.
 *
 * @param operations   in the order of each operation's first line
 * @param rejectedRows ascending by line number
 * @param rowCount     the data rows read: lines after the header, empty lines excluded
 */
public record RetailLog(List<ReplayOperation> operations, List<RejectedRow> rejectedRows, long rowCount) {

    private static final String HEADER = String.join(",", RetailRow.HEADER);

    public RetailLog {
        operations = List.copyOf(operations);
        rejectedRows = List.copyOf(rejectedRows);
    }

    /**
     * Reads a log file into a plan for stores of {@code tillsPerStore} tills each.
     *
     * @throws InvalidLogException      if the header is not the expected one, the file is not UTF-8
     *                                  or it is a directory
     * @throws IOException              if the file cannot be read, such as
     *                                  {@link java.nio.file.NoSuchFileException}
     * @throws IllegalArgumentException if {@code tillsPerStore} is less than 1
     */
    public static RetailLog read(Path file, int tillsPerStore) throws IOException {
        PlanBuilder plan = new PlanBuilder(tillsPerStore);
        if (Files.isDirectory(file)) {
            throw new InvalidLogException(file + " is a directory (expected: a sales log file in CSV)");
        }
        try (Utf8Lines lines = new Utf8Lines(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return read(lines, file.toString(), plan);
        }
    }

    private static RetailLog read(Utf8Lines lines, String source, PlanBuilder plan) throws IOException {
        try {
            requireHeader(lines.next(), source);
            long rows = 0;
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isEmpty()) {
                    rows++;
                    addRow(plan, lines.lineNumber(), line);
                }
            }
            List<ReplayOperation> operations = plan.operations();
            return new RetailLog(operations, plan.rejected(), rows);
        } catch (CharacterCodingException e) {
            throw new InvalidLogException(source + " is not UTF-8 text: line " + lines.lineNumber() + " contains"
                    + " bytes that are not valid UTF-8; convert the file to UTF-8 (for example with"
                    + " iconv -f <its encoding> -t UTF-8), then replay it", e);
        }
    }

    private static void requireHeader(String line, String source) {
        if (line == null) {
            throw new InvalidLogException(source + " is empty (expected: a header line " + HEADER + ")");
        }
        String header = line.startsWith("\uFEFF") ? line.substring(1) : line;
        try {
            if (CsvFields.split(header).equals(RetailRow.HEADER)) {
                return;
            }
        } catch (RowRejectedException e) {
            // an unparsable header is reported as a wrong one
        }
        throw new InvalidLogException("header of " + source + ": \"" + header + "\" (expected: " + HEADER + ")");
    }

    private static void addRow(PlanBuilder plan, long lineNumber, String line) {
        try {
            plan.add(RetailRow.parse(lineNumber, CsvFields.split(line)));
        } catch (RowRejectedException e) {
            plan.reject(lineNumber, e.getMessage());
        }
    }

    /** Returns the number of events the plan would record: its sales, returns and adjustments. */
    public int eventCount() {
        return operations.size();
    }
}
