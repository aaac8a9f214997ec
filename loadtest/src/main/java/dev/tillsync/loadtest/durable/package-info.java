/**
 * Durable write benchmarks: sales recorded through a node's store, each next to the raw limits of
 * the same disk measured in the same run. Plain mains, not JMH, because what they measure is the
 * disk's sync and the group commit, not a hot loop.
 */
package dev.tillsync.loadtest.durable;
