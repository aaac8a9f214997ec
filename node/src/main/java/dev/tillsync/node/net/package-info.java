/**
 * The transport: Netty over TCP (TLS slots in the pipeline), length-prefixed protobuf frames with a
 * maximum size, a server for children and observers, a connector to the parent that reconnects
 * with backoff, and the {@link dev.tillsync.node.net.Link}, {@link dev.tillsync.node.net.Session}
 * and {@link dev.tillsync.node.net.Scheduler} interfaces through which it drives the protocol logic.
 * This package depends on the wire schema only, never on the node's state.
 */
package dev.tillsync.node.net;
