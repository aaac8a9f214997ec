/**
 * Conversion between the node's types (CRDTs, events) and their {@code tillsync.v1} protobuf
 * messages. Decoding validates every field once, so that nothing a peer or a file sends can make a
 * merge fail later; invalid input raises {@link dev.tillsync.node.codec.MalformedMessageException}.
 */
package dev.tillsync.node.codec;
