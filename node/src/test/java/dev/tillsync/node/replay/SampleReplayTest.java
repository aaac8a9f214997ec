package dev.tillsync.node.replay;

import static dev.tillsync.node.replay.SampleTotals.parseReport;
import static dev.tillsync.node.replay.SampleTotals.sampleCsv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.cli.TillsyncCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        Map<String, Object> expected = SampleTotals.of(csv);
        String expectedRejected = (String) expected.remove("rejected_rows");
        Path data = directory.resolve("hq");

        String replayed = run("replay", csv.toString(), "--data", data.toString(), "--rejects",
                directory.resolve("rejects.txt").toString());
        String report = run("report", "--data", data.toString(), "--json");

        assertThat(parseReport(report)).isEqualTo(expected);
        Map<String, Object> summary = parseReport(replayed);
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
        Map<String, Object> first = parseReport(run("replay", csv.toString(), "--data", data.toString(),
                "--rejects", directory.resolve("first.txt").toString()));
        String reportBefore = run("report", "--data", data.toString(), "--json");

        Map<String, Object> second = parseReport(run("replay", csv.toString(), "--data", data.toString(), "--rejects",
                directory.resolve("second.txt").toString()));

        long recordedFirst = Long.parseLong((String) first.get("sales")) + Long.parseLong((String) first.get("returns"))
                + Long.parseLong((String) first.get("adjustments"));
        assertThat(recordedFirst).isGreaterThan(2000);
        assertThat(second.get("skipped_duplicates")).isEqualTo(Long.toString(recordedFirst));
        assertThat(run("report", "--data", data.toString(), "--json")).isEqualTo(reportBefore);
        assertThat(second).containsEntry("sales", "0").containsEntry("returns", "0")
                .containsEntry("adjustments", "0").containsEntry("net", "0.00").containsEntry("units_sold", "0")
                .containsEntry("rejected_rows", first.get("rejected_rows"));
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

}
