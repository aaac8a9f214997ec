/**
 * Benchmarks of whole chains on 127.0.0.1: catch-up of a till's offline backlog, propagation
 * latency from till to head office, and the heap each kind of node needs. They are plain mains
 * because they measure nodes, links and disks working together, except the JMH benchmark of the
 * store's apply path. CI does not run them.
 */
package dev.tillsync.loadtest.chain;
