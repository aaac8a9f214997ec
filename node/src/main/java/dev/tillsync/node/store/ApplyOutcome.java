package dev.tillsync.node.store;

import dev.tillsync.node.crdt.VersionVector;

/**
 * What applying a batch of ranges did.
 *
 * @param applied     events that were new and are now stored
 * @param duplicates  events already known, ignored
 * @param gaps        ranges that start past what this node has and were ignored; the sender
 *                    resends from the acknowledged counter
 * @param lostEvents  events the sender could no longer send because it purged them
 * @param vector      this node's version vector after the batch
 */
public record ApplyOutcome(int applied, int duplicates, int gaps, long lostEvents, VersionVector vector) {
}
