package dev.tillsync.node.net;

/** Creates the protocol session of a new connection. */
@FunctionalInterface
public interface SessionFactory {

    Session create(Link link, Scheduler scheduler);
}
