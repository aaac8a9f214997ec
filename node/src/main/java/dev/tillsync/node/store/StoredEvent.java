package dev.tillsync.node.store;

/**
 * An event as it lies in the store: its counter and its encoded EventProto.
 */
public record StoredEvent(long counter, byte[] bytes) {
}
