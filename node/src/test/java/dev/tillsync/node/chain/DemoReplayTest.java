package dev.tillsync.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillsync.node.chain.support.Commands;
import dev.tillsync.node.replay.SampleTotals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@code tillsync demo} on the retail sample in this JVM: a whole chain on real sockets with
 * links cut and healed halfway. It must end by itself, and hq's report must equal the totals this
 * test computes from the CSV without the replay code.
 */
class DemoReplayTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} tills per store")
    @ValueSource(ints = {1, 4})
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void demoReportMatchesSampleTotals(int tillsPerStore) throws IOException {
        Path csv = SampleTotals.sampleCsv();
        Map<String, Object> expected = SampleTotals.of(csv);
        expected.remove("rejected_rows");
        Path json = directory.resolve("hq-report.json");

        String out = Commands.run("demo", "--headless", "--replay", csv.toString(), "--json", json.toString(),
                "--rate", "0", "--outage-ms", "1000", "--tills-per-store", Integer.toString(tillsPerStore));

        int stores = ((Map<?, ?>) expected.get("net_by_store")).size();
        assertThat(out).contains("(hq, " + stores + " stores, " + stores * tillsPerStore + " tills)")
                .contains("hq's report: " + json);
        assertThat(SampleTotals.parseReport(Files.readString(json))).isEqualTo(expected);
    }
}
