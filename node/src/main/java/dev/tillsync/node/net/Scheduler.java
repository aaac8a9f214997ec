package dev.tillsync.node.net;

import java.util.concurrent.Executor;

/**
 * Timers and the executor of a session: Netty's event loop in a node, a virtual clock in a
 * simulation.
 */
public interface Scheduler extends Executor {

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        void cancel();
    }

    /** Runs {@code task} on this scheduler's executor after {@code delayMillis}. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** Returns the current time in milliseconds since the epoch, by this scheduler's clock. */
    long currentTimeMillis();
}
