package dev.tillsync.node.cli;

import static dev.tillsync.node.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.store.NodeStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class TillsyncCommandTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
            + "Country\n";
    private static final String ROWS = "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
            + "C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527.0,United Kingdom\n"
            + "536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,,France\n"
            + "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom\n";

    @TempDir
    Path directory;


    @Test
    void helpOfEverySubCommandDescribesEachOption() {
        CommandLine root = TillsyncCommand.newCommandLine();

        for (CommandLine sub : root.getSubcommands().values()) {
            CliResult help = run(sub.getCommandName(), "--help");

            assertThat(help.exitCode()).as(sub.getCommandName()).isZero();
            for (OptionSpec option : sub.getCommandSpec().options()) {
                assertThat(option.description()).as(sub.getCommandName() + " " + option.longestName()).isNotEmpty();
                assertThat(help.out()).contains(option.longestName()).contains(option.description()[0]
                        .substring(0, Math.min(30, option.description()[0].length())));
            }
        }
        assertThat(root.getSubcommands()).containsKeys("replay", "report");
    }

    @Test
    void replayPrintsJsonAndRejectedRows() throws IOException {
        Path csv = writeCsv(HEADER + ROWS);

        CliResult replay = run("replay", csv.toString(), "--data", directory.resolve("hq").toString());

        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).contains("\"sales\": 2,").contains("\"returns\": 1,")
                .contains("\"gross_sales\": \"26.40\",").contains("\"returns_amount\": \"-27.50\",")
                .contains("\"net\": \"-1.10\",").contains("\"France\": \"11.10\"")
                .contains("\"rejected_rows\": 1,").contains("\"skipped_duplicates\": 0");
        assertThat(replay.err().lines().toList()).containsExactly("line 5: InvoiceNo: \"A563185\" starts with a"
                + " letter other than C (expected: a number, or C and a number for a return)");
    }

    @Test
    void reportPrintsTableOrJson() throws IOException {
        Path data = directory.resolve("hq");
        run("replay", writeCsv(HEADER + ROWS).toString(), "--data", data.toString(), "--tills-per-store", "3");

        CliResult table = run("report", "--data", data.toString());
        CliResult json = run("report", "--data", data.toString(), "--json");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).containsPattern("node +hq\n").containsPattern("gross sales +26.40\n")
                .containsPattern("United Kingdom +-12.20\n");
        assertThat(json.out()).startsWith("{\n  \"sales\": 2,\n").endsWith("}\n").contains("\"units_returned\": 1,");
    }

    @Test
    void totalsBeyondMoneyLimitAreExact() throws IOException {
        Path data = directory.resolve("hq");
        String rows = "1,A,BIG,1000000000,2010-12-01 08:26:00,900000,,France\n"
                + "2,A,BIG,1000000000,2010-12-01 08:27:00,900000,,France\n";

        CliResult replay = run("replay", writeCsv(HEADER + rows).toString(), "--data", data.toString());
        CliResult report = run("report", "--data", data.toString(), "--json");
        CliResult table = run("report", "--data", data.toString());

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("\"gross_sales\": \"1800000000000000.00\",")
                .contains("\"units_sold\": 2000000000,");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("\"net\": \"1800000000000000.00\",")
                .contains("\"France\": \"1800000000000000.00\"");
        assertThat(table.out()).containsPattern("gross sales +1800000000000000.00\n");
    }

    @Test
    void quantityBeyondLimitIsRejectedRow() throws IOException {
        Path data = directory.resolve("hq");
        String rows = "1,A,count,9000000000000000000,2010-12-01 08:26:00,0,,France\n"
                + "2,A,count,-9000000000000000000,2010-12-01 08:27:00,0,,France\n"
                + "3,B,BIG,9000000000000000000,2010-12-01 08:28:00,0.0001,,France\n"
                + "4,B,SMALL,5,2010-12-01 08:29:00,0,,France\n";

        CliResult first = run("replay", writeCsv(HEADER + rows).toString(), "--data", data.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("\"adjustments\": 1,").contains("\"rejected_rows\": 3,");
        assertThat(first.err().lines().toList()).containsExactly(
                "line 2: Quantity: 9000000000000000000 (expected: at most 1000000000 units either way)",
                "line 3: Quantity: -9000000000000000000 (expected: at most 1000000000 units either way)",
                "line 4: Quantity: 9000000000000000000 (expected: at most 1000000000 units either way)");
    }

    @Test
    void quantityTakesOnlyMinusAndAsciiDigits() throws IOException {
        String rows = "1,A,x,\u0663,2010-12-01 08:26:00,1,,France\n"
                + "2,A,x,+5,2010-12-01 08:26:00,1,,France\n"
                + "3,A,x,1,2010-12-01 08:26:00,\u0661,,France\n"
                + "4,A,x,99999999999999999999999,2010-12-01 08:26:00,1,,France\n"
                + "5,A,x,-2,2010-12-01 08:26:00,0,,France\n";

        CliResult replay = run("replay", writeCsv(HEADER + rows).toString(), "--data",
                directory.resolve("hq").toString());

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("\"adjustments\": 1,").contains("\"rejected_rows\": 4,");
        assertThat(replay.err().lines().toList()).containsExactly(
                "line 2: Quantity: \"\u0663\" (expected: an integer such as 6 or -2, written as an optional minus and"
                        + " the digits 0 to 9)",
                "line 3: Quantity: \"+5\" (expected: an integer such as 6 or -2, written as an optional minus and"
                        + " the digits 0 to 9)",
                "line 4: UnitPrice: \"\u0661\" (expected: digits with an optional point and digits, such as 2.55)",
                "line 5: Quantity: \"99999999999999999999999\" (expected: at most 1000000000 units either way)");
    }

    @Test
    void hugeFieldsAreRejectedRowsQuotedShort() throws IOException {
        Path data = directory.resolve("hq");
        String rows = "1,A," + "d".repeat(5_000_000) + ",1,2010-12-01 08:26:00,1,,France\n"
                + "2,A,ok,1,2010-12-01 08:26:00,1,," + "c".repeat(3_000_000) + "\n"
                + "3,A,ok,1,2010-12-01 08:27:00,1,,France\n";

        CliResult replay = run("replay", writeCsv(HEADER + rows).toString(), "--data", data.toString());

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("\"sales\": 1,").contains("\"rejected_rows\": 2,");
        assertThat(replay.err().lines().toList()).containsExactly(
                "line 2: Description: \"" + "d".repeat(60) + "...\" (5000000 characters) (expected: at most 1000"
                        + " characters)",
                "line 3: Country: \"" + "c".repeat(60) + "...\" (3000000 characters) is not usable as a store id"
                        + " (expected: 1 to 128 letters, digits, spaces, '.', '_' or '-', starting with a letter or"
                        + " digit)");
    }

    @Test
    void emojiCountedByCodePoint() throws IOException {
        String emoji = "\uD83D\uDE00";
        String rows = "1,A,a" + emoji.repeat(600) + ",1,2010-12-01 08:26:00,1,,France\n"
                + "2,A," + emoji.repeat(1_000) + ",1,2010-12-01 08:27:00,1,,France\n"
                + "3,A,a" + emoji.repeat(1_000) + ",1,2010-12-01 08:28:00,1,,France\n";
        Path rejects = directory.resolve("rejects.txt");

        CliResult replay = run("replay", writeCsv(HEADER + rows).toString(), "--data",
                directory.resolve("hq").toString(), "--rejects", rejects.toString());

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("\"sales\": 2,").contains("\"rejected_rows\": 1,");
        assertThat(Files.readAllLines(rejects, StandardCharsets.UTF_8)).containsExactly("line 4: Description: \"a"
                + emoji.repeat(59) + "...\" (1001 characters) (expected: at most 1000 characters)");
    }

    @Test
    void missingFileFailsWithOneLine() {
        CliResult result = run("replay", directory.resolve("none.csv").toString(), "--data", directory.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tillsync replay: file not found: " + directory.resolve("none.csv") + "\n");
    }

    @Test
    void otherHeaderFailsWithOneLineNamingIt() throws IOException {
        Path csv = writeCsv("Invoice;Code\n1;2\n");

        CliResult result = run("replay", csv.toString(), "--data", directory.resolve("hq").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines().toList()).singleElement().asString()
                .isEqualTo("tillsync replay: header of " + csv + ": \"Invoice;Code\" (expected: InvoiceNo,StockCode,"
                        + "Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country)");
        assertThat(directory.resolve("hq")).doesNotExist();
    }

    @Test
    void directoryInUseFailsWithOneLine() throws IOException {
        Path data = directory.resolve("hq");
        try (NodeStore store = NodeStore.open(data, NodeStore.Options.defaults("hq"))) {
            CliResult result = run("replay", writeCsv(HEADER + ROWS).toString(), "--data", data.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err().lines().toList()).singleElement().asString()
                    .startsWith("tillsync replay: cannot open the database in " + data)
                    .endsWith("another tillsync process is using this data directory: stop it or choose another"
                            + " --data");
            assertThat(store.reader().eventCount()).isZero();
        }
    }

    @Test
    void wrongNodeIdFailsWithOneLine() throws IOException {
        Path data = directory.resolve("hq");
        Path csv = writeCsv(HEADER + ROWS);
        run("replay", csv.toString(), "--data", data.toString());

        CliResult result = run("replay", csv.toString(), "--data", data.toString(), "--node-id", "uk");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tillsync replay: the data directory " + data + " belongs to node \"hq\","
                + " not \"uk\": start it with --id \"hq\" or choose another --data\n");
    }

    @Test
    void reportOfMissingDirectoryCreatesNothing() {
        Path data = directory.resolve("missing");

        CliResult result = run("report", "--data", data.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tillsync report: data directory not found: " + data + " (check --data)\n");
        assertThat(data).doesNotExist();
    }

    @Test
    void purgeOfMissingOrEmptyDirectoryCreatesNothing() throws IOException {
        Path missing = directory.resolve("missing");
        Path empty = Files.createDirectory(directory.resolve("empty"));

        CliResult onMissing = run("purge", "--before", "2011-01-01", "--data", missing.toString());
        CliResult onEmpty = run("purge", "--before", "2011-01-01", "--data", empty.toString());

        assertThat(onMissing.exitCode()).isEqualTo(1);
        assertThat(onMissing.err()).isEqualTo("tillsync purge: data directory not found: " + missing
                + " (check --data)\n");
        assertThat(missing).doesNotExist();
        assertThat(onEmpty.exitCode()).isEqualTo(1);
        assertThat(onEmpty.err()).startsWith("tillsync purge: data directory " + empty + " contains no tillsync node");
        try (var files = Files.list(empty)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void purgeOfRegularFileSaysItIsFile() throws IOException {
        Path file = Files.writeString(directory.resolve("notes.txt"), "not a node");

        CliResult result = run("purge", "--before", "2011-01-01", "--data", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tillsync purge: --data: " + file + " is a file, not a directory"
                + " (expected: the data directory of a node)\n");
        assertThat(file).hasContent("not a node");
    }

    @Test
    void countryHqIsReservedWhateverRootId() throws IOException {
        String rows = "1,A,x,1,2010-12-01 08:26:00,1,,hq\n"
                + "2,A,x,1,2010-12-01 08:26:00,1,,Germany\n";

        CliResult replay = run("replay", writeCsv(HEADER + rows).toString(), "--data",
                directory.resolve("France").toString(), "--id", "France");

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.err().lines().toList()).containsExactly("line 2: Country: \"hq\" is not usable as a"
                + " store id, because it is reserved for the root of a chain (expected: any other country name)");
    }

    @Test
    void unwritableRejectsPathFailsBeforeRecording() throws IOException {
        Path csv = writeCsv(HEADER + ROWS);
        Path data = directory.resolve("hq");
        Path missing = directory.resolve("no-such-dir").resolve("rejects.txt");

        CliResult toMissing = run("replay", csv.toString(), "--data", data.toString(), "--rejects", missing.toString());
        CliResult toDirectory = run("replay", csv.toString(), "--data", data.toString(), "--rejects",
                directory.toString());

        assertThat(toMissing.exitCode()).isEqualTo(1);
        assertThat(toMissing.err()).isEqualTo("tillsync replay: --rejects: directory of " + missing
                + " not found (create it or choose another file)\n");
        assertThat(toDirectory.exitCode()).isEqualTo(1);
        assertThat(toDirectory.err()).isEqualTo("tillsync replay: --rejects: " + directory + " is a directory"
                + " (expected: a file to write rejected rows to)\n");
        assertThat(data).doesNotExist();
    }

    @Test
    void rejectsPathOfLogItselfFailsBeforeWriting() throws IOException {
        String content = HEADER + ROWS;
        Path csv = writeCsv(content);
        Path data = directory.resolve("hq");
        Path sameByOtherName = directory.resolve("sub").resolve("..").resolve(csv.getFileName());
        Files.createDirectory(directory.resolve("sub"));

        CliResult direct = run("replay", csv.toString(), "--data", data.toString(), "--rejects", csv.toString());
        CliResult indirect = run("replay", csv.toString(), "--data", data.toString(), "--rejects",
                sameByOtherName.toString());

        assertThat(direct.exitCode()).isEqualTo(1);
        assertThat(direct.err()).isEqualTo("tillsync replay: --rejects: " + csv + " is the sales log being"
                + " replayed, " + csv + " (choose another file for the rejected rows)\n");
        assertThat(indirect.exitCode()).isEqualTo(1);
        assertThat(indirect.err()).startsWith("tillsync replay: --rejects: " + sameByOtherName + " is the sales log");
        assertThat(csv).hasContent(content);
        assertThat(data).doesNotExist();
    }

    @Test
    void rejectsPathOfMissingLogFailsBeforeWriting() {
        Path csv = directory.resolve("missing.csv");

        CliResult result = run("replay", csv.toString(), "--data", directory.resolve("hq").toString(), "--rejects",
                directory.resolve(".").resolve("missing.csv").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("is the sales log being replayed, " + csv);
        assertThat(csv).doesNotExist();
    }

    @Test
    void rejectsOptionWritesRowsToFile() throws IOException {
        Path rejects = directory.resolve("rejects.txt");

        CliResult result = run("replay", writeCsv(HEADER + ROWS).toString(), "--data",
                directory.resolve("hq").toString(), "--rejects", rejects.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(Files.readAllLines(rejects)).singleElement().asString().startsWith("line 5: InvoiceNo:");
    }

    @Test
    void invalidOptionValuesAreUsageErrors() throws IOException {
        Path csv = writeCsv(HEADER + ROWS);

        CliResult tills = run("replay", csv.toString(), "--data", directory.toString(), "--tills-per-store", "0");
        CliResult nodeId = run("replay", csv.toString(), "--data", directory.toString(), "--node-id", "/bad");

        assertThat(tills.exitCode()).isEqualTo(2);
        assertThat(tills.err()).startsWith("invalid --tills-per-store: 0 (expected: 1 or more)");
        assertThat(nodeId.exitCode()).isEqualTo(2);
        assertThat(nodeId.err()).startsWith("invalid --node-id: node id: \"/bad\"");
        CliResult till = run("replay", csv.toString(), "--data", directory.resolve("till").toString(),
                "--id", "uk-london/till-2");
        assertThat(till.exitCode()).isEqualTo(2);
        assertThat(till.err()).startsWith("invalid --node-id: \"uk-london/till-2\" is a till id (expected: the id"
                + " of the root node");
        assertThat(directory.resolve("till")).doesNotExist();
        assertThat(run().exitCode()).isEqualTo(2);
        assertThat(run("--version").out()).startsWith("tillsync ");
    }

    private Path writeCsv(String content) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "log", ".csv"), content);
    }

}
