/**
 * JMH benchmarks of the node's hot paths: CRDT merges and event encoding. CI does not run them.
 * {@code docs/benchmarks.md} says how to run them and records the figures measured.
 */
package dev.tillsync.loadtest.bench;
