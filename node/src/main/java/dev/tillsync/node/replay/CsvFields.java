package dev.tillsync.node.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of CSV into its fields. A field may be quoted with {@code "}; a quoted field may
 * contain commas and doubled quotes ({@code ""} stands for one {@code "}). A quote inside an
 * unquoted field is kept as it is. A quoted field must end on the line it starts on, because the
 * replay reports rejected rows by line number and an unclosed quote would otherwise swallow the
 * lines after it.
 */
final class CsvFields {

    private CsvFields() {
    }

    /**
     * Returns the fields of {@code line}, which contains no line break.
     *
     * @throws RowRejectedException if a quoted field is not closed, or text follows its closing quote
     */
    static List<String> split(String line) throws RowRejectedException {
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        int position = 0;
        while (true) {
            if (position < line.length() && line.charAt(position) == '"') {
                position = readQuoted(line, position + 1, field, fields.size() + 1);
                if (position < line.length() && line.charAt(position) != ',') {
                    throw new RowRejectedException("field " + (fields.size() + 1)
                            + ": text after its closing quote (expected: a comma or the end of the line)");
                }
            } else {
                int comma = line.indexOf(',', position);
                int end = comma < 0 ? line.length() : comma;
                field.append(line, position, end);
                position = end;
            }
            fields.add(field.toString());
            field.setLength(0);
            if (position >= line.length()) {
                return fields;
            }
            position++;
        }
    }

    /** Appends a quoted field's text to {@code field} and returns the position after its closing quote. */
    private static int readQuoted(String line, int start, StringBuilder field, int fieldNumber)
            throws RowRejectedException {
        int position = start;
        while (position < line.length()) {
            char c = line.charAt(position);
            if (c != '"') {
                field.append(c);
                position++;
            } else if (position + 1 < line.length() && line.charAt(position + 1) == '"') {
                field.append('"');
                position += 2;
            } else {
                return position + 1;
            }
        }
        throw new RowRejectedException("field " + fieldNumber
                + ": quoted field is not closed on this line (expected: a closing quote; line breaks inside"
                + " quoted fields are not supported)");
    }
}
