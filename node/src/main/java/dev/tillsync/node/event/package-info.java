/**
 * Events: the immutable facts a node records (sales, returns, stock movements, prices, items), the
 * money they carry and the scopes they travel in.
 */
package dev.tillsync.node.event;
