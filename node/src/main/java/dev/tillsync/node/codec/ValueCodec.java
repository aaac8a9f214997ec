package dev.tillsync.node.codec;

import com.google.protobuf.ByteString;

/**
 * Encodes the values of generic CRDTs (the value of a register, of a dot map) to bytes and back.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

    ByteString encode(V value);

    /**
     * Decodes a value.
     *
     * @throws MalformedMessageException if {@code bytes} is not a valid encoding
     */
    V decode(ByteString bytes);
}
