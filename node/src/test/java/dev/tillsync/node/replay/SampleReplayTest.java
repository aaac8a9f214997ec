package dev.tillsync.node.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.cli.TillsyncCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the real retail sample and compares the node's report with totals this test computes from
 * the CSV on its own, with BigDecimal and a parser of its own: it calls no replay code.
 */
class SampleReplayTest {

    private static final Logger LOG = LoggerFactory.getLogger(SampleReplayTest.class);

    @TempDir
    Path directory;

    @Test
    void reportMatchesIndependentTotalsOfSample() throws Exception {
        Path csv = sampleCsv();
        Map<String, Object> expected = ExpectedTotals.of(Files.readAllLines(csv, StandardCharsets.UTF_8));
        String expectedRejected = (String) expected.remove("rejected_rows");
        Path data = directory.resolve("hq");

        String replayed = run("replay", csv.toString(), "--data", data.toString(), "--rejects",
                directory.resolve("rejects.txt").toString());
        String report = run("report", "--data", data.toString(), "--json");

        assertThat(parse(report)).isEqualTo(expected);
        Map<String, Object> summary = parse(replayed);
        assertThat(summary).containsEntry("rejected_rows", expectedRejected)
                .containsEntry("skipped_duplicates", "0");
        summary.keySet().removeAll(List.of("rejected_rows", "skipped_duplicates"));
        assertThat(summary).isEqualTo(expected);
        assertThat(Files.readAllLines(directory.resolve("rejects.txt"))).hasSize(Integer.parseInt(expectedRejected));
        assertThat(report).isEqualTo(runJarIfBuilt(report, "report", "--data", data.toString(), "--json"));
    }

    @Test
    void secondReplaySkipsEveryRecordedEvent() throws Exception {
        Path csv = sampleCsv();
        Path data = directory.resolve("hq");
        Map<String, Object> first = parse(run("replay", csv.toString(), "--data", data.toString(), "--rejects",
                directory.resolve("first.txt").toString()));
        String reportBefore = run("report", "--data", data.toString(), "--json");

        Map<String, Object> second = parse(run("replay", csv.toString(), "--data", data.toString(), "--rejects",
                directory.resolve("second.txt").toString()));

        long recordedFirst = Long.parseLong((String) first.get("sales")) + Long.parseLong((String) first.get("returns"))
                + Long.parseLong((String) first.get("adjustments"));
        assertThat(recordedFirst).isGreaterThan(2000);
        assertThat(second.get("skipped_duplicates")).isEqualTo(Long.toString(recordedFirst));
        assertThat(run("report", "--data", data.toString(), "--json")).isEqualTo(reportBefore);
        second.keySet().remove("skipped_duplicates");
        first.keySet().remove("skipped_duplicates");
        assertThat(second).isEqualTo(first);
    }

    static Path sampleCsv() {
        String configured = System.getenv("TILLSYNC_SAMPLE_CSV");
        Path csv = configured != null ? Path.of(configured) : Path.of("../../shared/data/online-retail-sample.csv");
        assertThat(csv).as("retail sample %s not found: set TILLSYNC_SAMPLE_CSV to its path", csv.toAbsolutePath())
                .isRegularFile();
        return csv;
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = TillsyncCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        assertThat(exitCode).as("exit code of %s, stderr: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** Runs the shaded jar as its own process when the build made it, else returns {@code inProcess}. */
    private static String runJarIfBuilt(String inProcess, String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "tillsync.jar");
        if (!Files.isRegularFile(jar)) {
            LOG.info("{} is not built yet: the report is checked in-process only", jar.toAbsolutePath());
            return inProcess;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code of java -jar %s", jar).isZero();
        return out;
    }

    /** Reads the flat JSON the command prints: every value as its text, net_by_store as a sorted map. */
    private static Map<String, Object> parse(String json) {
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
    private static final class ExpectedTotals {

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
