/**
 * Wiring: starts a node (store, replication, server, connector to the parent, purge schedule) and
 * whole chains of nodes in one process for the demo and load tests. The only package that may
 * import all the others.
 */
package dev.tillsync.node.app;
