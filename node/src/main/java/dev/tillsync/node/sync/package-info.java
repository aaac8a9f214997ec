/**
 * Replication between a node and its parent: what to send, what to apply, when to acknowledge.
 *
 * <p>The logic here does not use sockets. A transport (Netty in {@code net}, or a simulated
 * network in tests) hands each session a {@link dev.tillsync.node.net.Link} to send frames on, an
 * executor that runs every callback of the session in order, and a
 * {@link dev.tillsync.node.net.Scheduler} for timers; it then calls the session with each frame
 * received. The same classes therefore run in production and in deterministic simulations.
 */
package dev.tillsync.node.sync;
