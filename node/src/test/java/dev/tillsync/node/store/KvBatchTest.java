package dev.tillsync.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvBatchTest {

    @Test
    void lastOpsKeepLastOperationPerKey() {
        KvBatch batch = new KvBatch();
        batch.put(Column.STATE, bytes("a"), bytes("1"));
        batch.put(Column.STATE, bytes("b"), bytes("1"));
        batch.put(Column.STATE, bytes("c"), bytes("0"));
        batch.put(Column.EVENTS, bytes("a"), bytes("event"));
        batch.delete(Column.STATE, bytes("a"));
        batch.put(Column.STATE, bytes("c"), bytes("1"));
        batch.put(Column.STATE, bytes("b"), bytes("2"));

        List<KvBatch.Op> kept = batch.lastOps();

        assertThat(kept).extracting(op -> op.column() + ":" + text(op.key()) + "=" + text(op.value()))
                .containsExactly("EVENTS:a=event", "STATE:a=null", "STATE:c=1", "STATE:b=2");
        assertThat(batch.size()).isEqualTo(7);
    }

    @Test
    void lastOpsKeepRepeatsOutsideStateColumn() {
        KvBatch batch = new KvBatch();
        batch.put(Column.INDEX, bytes("a"), bytes("1"));
        batch.put(Column.INDEX, bytes("a"), bytes("2"));

        assertThat(batch.lastOps()).containsExactlyElementsOf(batch.ops());
    }

    @Test
    void lastOpsWithoutRepeatsAreAllOperations() {
        KvBatch batch = new KvBatch();
        batch.put(Column.STATE, bytes("a"), bytes("1"));
        batch.delete(Column.INDEX, bytes("a"));

        assertThat(batch.lastOps()).containsExactlyElementsOf(batch.ops());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
