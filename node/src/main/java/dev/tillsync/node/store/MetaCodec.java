package dev.tillsync.node.store;

import dev.tillsync.node.crdt.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Keys and encodings of the metadata column family. */
final class MetaCodec {

    static final byte[] NODE_ID = key("node_id");
    static final byte[] INCARNATION = key("incarnation");
    static final byte[] DIRECTORY = key("directory");
    static final byte[] CLOCK = key("clock");
    static final byte[] BOOTSTRAP = key("bootstrap");
    static final byte[] PARENT_ACKS = key("parent_acks");
    static final byte[] PREVIOUS_INCARNATIONS = key("previous_incarnations");

    static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    void putClock(KvBatch batch, Timestamp last) {
        byte[] value = ByteBuffer.allocate(12).putLong(last.wallMillis()).putInt(last.logical()).array();
        batch.put(Column.META, CLOCK, value);
    }

    static Timestamp readClock(byte[] value) {
        if (value == null) {
            return Timestamp.ZERO;
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return new Timestamp(buffer.getLong(), buffer.getInt());
    }
}
