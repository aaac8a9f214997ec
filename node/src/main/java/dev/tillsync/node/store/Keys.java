package dev.tillsync.node.store;

import dev.tillsync.node.crdt.Dot;
import dev.tillsync.node.crdt.ReplicaId;
import dev.tillsync.node.event.Scope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Key layouts of the column families. Strings are UTF-8 ended by a zero byte (node ids, store ids
 * and SKUs never contain one), numbers are 8-byte big-endian, so keys sort as their parts do.
 *
 * <pre>
 * events  replica counter                        -> EventProto
 * state   0x01 replica                           -> highest contiguous counter applied (8 bytes)
 *         0x02 replica                           -> purge floor: events at or below may be gone (8 bytes)
 *         0x03 store sku replica                 -> stock entry: increments, decrements (8 + 8 bytes)
 *         0x04 scope sku                         -> price register (LwwRegisterProto of MoneyProto)
 *         0x05 scope sku                         -> item register (LwwRegisterProto of ItemProto)
 * index   0x01 yyyymmdd(4) replica counter       -> event kind (1 byte)
 *         0x02 store kind-tag reference          -> dot of the event that recorded it
 * </pre>
 *
 * where replica is node id, 0x00, incarnation (8 bytes).
 */
final class Keys {

    static final byte VECTOR = 0x01;
    static final byte FLOOR = 0x02;
    static final byte STOCK = 0x03;
    static final byte PRICE = 0x04;
    static final byte ITEM = 0x05;

    static final byte BY_DATE = 0x01;
    static final byte BY_REFERENCE = 0x02;

    private Keys() {
    }

    static byte[] replica(ReplicaId replica) {
        Builder builder = new Builder();
        builder.replica(replica);
        return builder.build();
    }

    static byte[] event(ReplicaId replica, long counter) {
        return new Builder().replica(replica).number(counter).build();
    }

    static byte[] event(Dot dot) {
        return event(dot.replica(), dot.counter());
    }

    /** Reads the replica at the start of an events key, or of a key after a one-byte tag. */
    static ReplicaId readReplica(byte[] key, int offset) {
        int end = indexOfZero(key, offset);
        String nodeId = new String(key, offset, end - offset, StandardCharsets.UTF_8);
        long incarnation = ByteBuffer.wrap(key, end + 1, 8).getLong();
        return new ReplicaId(nodeId, incarnation);
    }

    /** Returns the length of the replica part that starts at {@code offset}. */
    static int replicaLength(byte[] key, int offset) {
        return indexOfZero(key, offset) - offset + 1 + 8;
    }

    static long readLong(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset, 8).getLong();
    }

    static byte[] longValue(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    static byte[] tagged(byte tag, ReplicaId replica) {
        return new Builder().tag(tag).replica(replica).build();
    }

    static byte[] stock(String storeId, String sku, ReplicaId replica) {
        return new Builder().tag(STOCK).text(storeId).text(sku).replica(replica).build();
    }

    static byte[] stockOfSku(String storeId, String sku) {
        return new Builder().tag(STOCK).text(storeId).text(sku).build();
    }

    static byte[] stockOfStore(String storeId) {
        return new Builder().tag(STOCK).text(storeId).build();
    }

    static byte[] register(byte tag, Scope scope, String sku) {
        return new Builder().tag(tag).text(scope.toString()).text(sku).build();
    }

    static byte[] registersOfScope(byte tag, Scope scope) {
        return new Builder().tag(tag).text(scope.toString()).build();
    }

    static byte[] byDate(LocalDate date, Dot dot) {
        return new Builder().tag(BY_DATE).date(date).replica(dot.replica()).number(dot.counter()).build();
    }

    static byte[] byDate(LocalDate date) {
        return new Builder().tag(BY_DATE).date(date).build();
    }

    /** Returns the business date of a key made by {@link #byDate(LocalDate, Dot)}. */
    static LocalDate readDate(byte[] key) {
        int yyyymmdd = ByteBuffer.wrap(key, 1, Integer.BYTES).getInt();
        return LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }

    static byte[] byReference(String storeId, String kindTag, String reference) {
        return new Builder().tag(BY_REFERENCE).text(storeId).text(kindTag).text(reference).build();
    }

    static byte[] dotValue(Dot dot) {
        return event(dot);
    }

    static Dot readDot(byte[] key, int offset) {
        ReplicaId replica = readReplica(key, offset);
        return new Dot(replica, readLong(key, offset + replicaLength(key, offset)));
    }

    /** Returns the smallest key above every key that starts with {@code prefix}. */
    static byte[] after(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        throw new IllegalArgumentException("prefix of 0xFF bytes only has no upper bound");
    }

    static byte[] single(byte tag) {
        return new byte[] {tag};
    }

    private static int indexOfZero(byte[] key, int offset) {
        for (int i = offset; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("key part at offset " + offset + " has no terminating zero byte");
    }

    /**
     * Appends key parts to a growable array. It avoids {@code ByteArrayOutputStream}, whose methods are
     * synchronized, and a temporary array per number, because the writer builds several keys for
     * every event it stores.
     */
    private static final class Builder {
        private byte[] bytes = new byte[48];
        private int size;

        Builder tag(byte tag) {
            ensureRoom(1);
            bytes[size++] = tag;
            return this;
        }

        Builder text(String text) {
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            for (byte b : encoded) {
                if (b == 0) {
                    throw new IllegalArgumentException("\"" + text + "\" contains a zero character (expected: none)");
                }
            }
            ensureRoom(encoded.length + 1);
            System.arraycopy(encoded, 0, bytes, size, encoded.length);
            size += encoded.length;
            bytes[size++] = 0;
            return this;
        }

        Builder replica(ReplicaId replica) {
            return text(replica.nodeId()).number(replica.incarnation());
        }

        /** Appends {@code value} as 8 bytes, most significant first, as {@link #longValue} encodes it. */
        Builder number(long value) {
            ensureRoom(Long.BYTES);
            for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
                bytes[size++] = (byte) (value >>> shift);
            }
            return this;
        }

        /** Appends the date as the 4-byte big-endian integer yyyymmdd. */
        Builder date(LocalDate date) {
            int yyyymmdd = date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
            ensureRoom(Integer.BYTES);
            for (int shift = Integer.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
                bytes[size++] = (byte) (yyyymmdd >>> shift);
            }
            return this;
        }

        byte[] build() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensureRoom(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
