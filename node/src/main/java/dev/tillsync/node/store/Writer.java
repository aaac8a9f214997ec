package dev.tillsync.node.store;

import dev.tillsync.node.crdt.HybridClock;
import dev.tillsync.node.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a store. Requests queue up while a write is being synced; the writer then
 * takes all of them (up to {@value #MAX_GROUP}), builds one batch, writes it with one sync of the
 * write-ahead log and completes every request: group commit. A request fails alone when its own
 * checks fail, and the whole group fails when the write does.
 *
 * <p>In inline mode there is no thread: each request is written in the caller's thread, which is
 * what a single-threaded simulation needs to stay deterministic.
 */
final class Writer implements AutoCloseable {

    /** A change to the store, executed on the writer thread. */
    @FunctionalInterface
    interface Command<R> {
        R execute(WriteContext context);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private static final int MAX_GROUP = 512;
    private static final int MAX_QUEUED = 8192;

    private record Pending<R>(Command<R> command, CompletableFuture<R> future) {
    }

    private final String name;
    private final Kv kv;
    private final CommittedState committed;
    private final HybridClock clock;
    private final MetaCodec meta;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread thread;
    private final List<Consumer<List<Event>>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** Groups failed since the last successful write. Used by the writer thread only. */
    private int consecutiveFailures;

    Writer(String name, Kv kv, CommittedState committed, HybridClock clock, MetaCodec meta, boolean threaded) {
        this.name = name;
        this.kv = kv;
        this.committed = committed;
        this.clock = clock;
        this.meta = meta;
        if (threaded) {
            queue = new ArrayBlockingQueue<>(MAX_QUEUED);
            thread = new Thread(this::run, "tillsync-writer-" + name);
            thread.setDaemon(true);
            thread.start();
        } else {
            queue = null;
            thread = null;
        }
    }

    /** Registers a listener called on the writer thread with the events of each durable group. */
    void addListener(Consumer<List<Event>> listener) {
        listeners.add(listener);
    }

    /**
     * Queues a command; blocks while {@value #MAX_QUEUED} requests are already waiting.
     *
     * @return a future completed once the command's writes are durable, or failed with the
     *         command's own exception or the {@link StoreException} of the write
     */
    <R> CompletableFuture<R> submit(Command<R> command) {
        CompletableFuture<R> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new StoreException(StoreException.Reason.CLOSED,
                    "the store of " + name + " is already closed"));
            return future;
        }
        Pending<R> pending = new Pending<>(command, future);
        if (queue == null) {
            synchronized (this) {
                runGroup(List.of(pending));
            }
            return future;
        }
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
        }
        return future;
    }

    private void run() {
        List<Pending<?>> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            runGroup(group);
            group.clear();
        }
        failRemaining();
    }

    private void runGroup(List<Pending<?>> group) {
        if (!reopenIfFailed(group)) {
            return;
        }
        WriteContext context = new WriteContext(kv, committed);
        Object[] results = new Object[group.size()];
        Throwable[] errors = new Throwable[group.size()];
        for (int i = 0; i < group.size(); i++) {
            context.beginCommand();
            try {
                results[i] = group.get(i).command().execute(context);
                context.commitCommand();
            } catch (RuntimeException e) {
                context.abortCommand();
                errors[i] = e;
            }
        }
        if (!context.batch().isEmpty()) {
            meta.putClock(context.batch(), clock.last());
            try {
                kv.write(context.batch(), context.needsSync());
                committed.publish(context);
            } catch (RuntimeException e) {
                committed.dropCache();
                logFailure("write of " + group.size() + " requests failed", e);
                failAll(group, e);
                return;
            }
            logRecovery();
        }
        complete(group, results, errors);
        notifyListeners(context.newEvents());
    }

    /**
     * Reopens the store after a failed write and reads the committed state again. Returns false, with
     * the group failed, if the reopen fails.
     */
    private boolean reopenIfFailed(List<Pending<?>> group) {
        try {
            if (kv.reopenIfFailed()) {
                committed.reload(kv);
                LOG.warn("{}: store reopened after a failed write; writing again", name);
            }
            return true;
        } catch (RuntimeException e) {
            logFailure("reopen after a failed write failed, so " + group.size() + " requests failed", e);
            failAll(group, e);
            return false;
        }
    }

    /**
     * Logs the first of consecutive failures at ERROR and later ones at DEBUG with a count. Every
     * caller gets the exception through its future; a {@link StoreException} names the operation,
     * the directory and what to do, so it is logged without its stack trace.
     */
    private void logFailure(String failure, RuntimeException e) {
        consecutiveFailures++;
        if (consecutiveFailures > 1) {
            LOG.debug("{}: {} (failure {} in a row): {}", name, failure, consecutiveFailures, e.getMessage());
        } else if (e instanceof StoreException) {
            LOG.error("{}: {}: {}", name, failure, e.getMessage());
        } else {
            LOG.error("{}: {}", name, failure, e);
        }
    }

    private void logRecovery() {
        if (consecutiveFailures > 0) {
            LOG.info("{}: writes succeed again after {} failed attempts", name, consecutiveFailures);
            consecutiveFailures = 0;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void complete(List<Pending<?>> group, Object[] results, Throwable[] errors) {
        for (int i = 0; i < group.size(); i++) {
            CompletableFuture future = group.get(i).future();
            if (errors[i] != null) {
                future.completeExceptionally(errors[i]);
            } else {
                future.complete(results[i]);
            }
        }
    }

    private static void failAll(List<Pending<?>> group, Throwable error) {
        for (Pending<?> pending : group) {
            pending.future().completeExceptionally(error);
        }
    }

    private void notifyListeners(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        for (Consumer<List<Event>> listener : listeners) {
            try {
                listener.accept(events);
            } catch (RuntimeException e) {
                LOG.warn("{}: listener of new events failed", name, e);
            }
        }
    }

    private void failRemaining() {
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, new StoreException(StoreException.Reason.CLOSED, "the store of " + name + " is already closed"));
    }

    /** Stops taking requests, finishes the group being written and fails the ones still queued. */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
