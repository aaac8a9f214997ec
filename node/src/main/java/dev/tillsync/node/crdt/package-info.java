/**
 * Conflict-free replicated data types: the lattice types that every node's state is built from.
 *
 * <p>Every type here is an immutable value with a {@code merge} that is the lattice join
 * (commutative, associative, idempotent) and delta-mutators that return only the part of the state
 * that one update changed, as in Almeida, Shoker and Baquero, "Delta State Replicated Data Types"
 * (JPDC 2018). The package depends on {@code java.*} only: no I/O, no logging, no protobuf.
 */
package dev.tillsync.node.crdt;
