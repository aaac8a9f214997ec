package dev.tillsync.node.store;

import java.util.Arrays;

/**
 * A byte-array key for hash maps, compared by content, with its hash computed once. The writer
 * looks a key up in several maps (the command, the group, the committed cache), and a
 * {@link java.nio.ByteBuffer} key would hash all its bytes again for each of them. The array must
 * not change once wrapped.
 */
final class BytesKey {

    private final byte[] bytes;
    private final int hash;

    BytesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BytesKey key && hash == key.hash && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
