/**
 * Durable storage of one node: events by dot, the state they produce, indexes, metadata and peer
 * acknowledgements, in RocksDB column families (or an in-memory map behind the same interface for
 * simulations). Every event and every state change it causes are written in one atomic batch by a
 * single writer thread, which syncs the write-ahead log once per group of concurrent requests.
 */
package dev.tillsync.node.store;
