package dev.tillsync.node.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Totals of the retail sample computed from the CSV on their own, with BigDecimal and a parser of
 * their own: they call no replay code, so tests compare the node's reports against them.
 */
public final class SampleTotals {

    private SampleTotals() {
    }

    /** Returns the totals of a CSV sales log by the replay rules, as the report's JSON keys, and rejected_rows. */
    public static Map<String, Object> of(Path csv) throws IOException {
        return ExpectedTotals.of(Files.readAllLines(csv, StandardCharsets.UTF_8));
    }

    /**
     * Returns the path of the retail sample: {@code TILLSYNC_SAMPLE_CSV} if set, else the shared data
     * folder seen from the node module. A missing file fails the calling test, so it is never skipped.
     */
    public static Path sampleCsv() {
        String configured = System.getenv("TILLSYNC_SAMPLE_CSV");
        Path csv = configured != null ? Path.of(configured) : Path.of("../../shared/data/online-retail-sample.csv");
        assertThat(csv).as("retail sample %s not found: set TILLSYNC_SAMPLE_CSV to its path", csv.toAbsolutePath())
                .isRegularFile();
        return csv;
    }

    /** Reads the flat JSON the command prints: every value as its text, net_by_store as a sorted map. */
    public static Map<String, Object> parseReport(String json) {
        Map<String, Object> values = new LinkedHashMap<>();
        Matcher stores = Pattern.compile("\"net_by_store\": \\{([^}]*)}").matcher(json);
        assertThat(stores.find()).as("net_by_store in %s", json).isTrue();
        Map<String, String> netByStore = new TreeMap<>();
        Matcher store = Pattern.compile("\"([^\"]+)\": \"([^\"]+)\"").matcher(stores.group(1));
        while (store.find()) {
            netByStore.put(store.group(1), store.group(2));
        }
        Matcher field = Pattern.compile("^  \"(\\w+)\": \"?([^\",{}\n]+)\"?,?$", Pattern.MULTILINE)
                .matcher(json.replace(stores.group(), ""));
        while (field.find()) {
            values.put(field.group(1), field.group(2));
        }
        values.put("net_by_store", netByStore);
        return values;
    }

    /** Totals of the sample by the replay rules, computed without the replay code. */
    static final class ExpectedTotals {

        private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

        private final Set<String> sales = new HashSet<>();
        private final Set<String> returns = new HashSet<>();
        private long adjustments;
        private long rejected;
        private BigDecimal gross = BigDecimal.ZERO;
        private BigDecimal returned = BigDecimal.ZERO;
        private long unitsSold;
        private long unitsReturned;
        private final Map<String, BigDecimal> netByStore = new TreeMap<>();

        static Map<String, Object> of(List<String> lines) {
            assertThat(lines.get(0)).isEqualTo("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                    + "CustomerID,Country");
            ExpectedTotals totals = new ExpectedTotals();
            lines.subList(1, lines.size()).forEach(totals::add);
            return totals.toMap();
        }

        private void add(String line) {
            List<String> fields = fields(line);
            if (!valid(fields)) {
                rejected++;
                return;
            }
            String invoice = fields.get(0);
            long quantity = Long.parseLong(fields.get(3));
            BigDecimal price = new BigDecimal(fields.get(5));
            BigDecimal amount = price.multiply(BigDecimal.valueOf(quantity));
            if (price.signum() == 0) {
                adjustments++;
            } else if (invoice.startsWith("C")) {
                returns.add(invoice);
                returned = returned.add(amount);
                unitsReturned -= quantity;
                netByStore.merge(fields.get(7), amount, BigDecimal::add);
            } else {
                sales.add(invoice);
                gross = gross.add(amount);
                unitsSold += quantity;
                netByStore.merge(fields.get(7), amount, BigDecimal::add);
            }
        }

        private static boolean valid(List<String> fields) {
            if (fields.size() != 8 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
                return false;
            }
            char first = fields.get(0).charAt(0);
            if (Character.isLetter(first) && first != 'C') {
                return false;
            }
            try {
                LocalDateTime.parse(fields.get(4), DATE);
                BigDecimal price = new BigDecimal(fields.get(5));
                return Long.parseLong(fields.get(3)) != 0 && price.signum() >= 0
                        && price.stripTrailingZeros().scale() <= 4;
            } catch (NumberFormatException | DateTimeParseException e) {
                return false;
            }
        }

        /** Splits a CSV line, walking it once with an in-quotes flag. */
        private static List<String> fields(String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            return fields;
        }

        private Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("sales", Long.toString(sales.size()));
            map.put("returns", Long.toString(returns.size()));
            map.put("adjustments", Long.toString(adjustments));
            map.put("gross_sales", money(gross));
            map.put("returns_amount", money(returned));
            map.put("net", money(gross.add(returned)));
            map.put("units_sold", Long.toString(unitsSold));
            map.put("units_returned", Long.toString(unitsReturned));
            Map<String, String> stores = new TreeMap<>();
            netByStore.forEach((store, net) -> stores.put(store, money(net)));
            map.put("net_by_store", stores);
            map.put("rejected_rows", Long.toString(rejected));
            return map;
        }

        /** Writes an amount as the report does: at least two fractional digits, no trailing zeros past them. */
        private static String money(BigDecimal amount) {
            BigDecimal plain = amount.stripTrailingZeros();
            return (plain.scale() < 2 ? plain.setScale(2) : plain).toPlainString();
        }
    }
}
