package dev.tillsync.node.store;

import dev.tillsync.node.crdt.HybridClock;
import dev.tillsync.node.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a store. Requests queue up while a write is being synced; the writer then
 * takes all of them (up to {@value #MAX_GROUP}), runs them into one batch, writes it with one sync
 * of the write-ahead log and completes every request: group commit. A request fails alone when its
 * own checks fail, and the whole group fails when the write does.
 *
 * <p>When the last group held several requests, their callers are likely to send their next ones
 * at once, a few microseconds apart. The writer then waits up to {@value #FOLLOWERS_WAIT_MICROS} µs
 * for as many requests, running each as it comes, so that one sync carries all of them instead of
 * the first few, with the rest waiting a whole sync for the next. The wait follows only a group of
 * more than one request, so a caller that writes alone does not wait.
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
    /**
     * Maximum wait for the callers of the last group to send their next requests. In the durable-write
     * benchmark, 8 callers on 2 cores took about 95 µs, and a raw fdatasync of the disk about 210 µs.
     */
    private static final long FOLLOWERS_WAIT_MICROS = 200;

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
            return future;
        }
        // A caller blocked on a full queue gets in only after close() failed the queued requests.
        if (closed && queue.remove(pending)) {
            future.completeExceptionally(new StoreException(StoreException.Reason.CLOSED,
                    "the store of " + name + " is already closed"));
        }
        return future;
    }

    private void run() {
        int lastGroupSize = 0;
        while (true) {
            Pending<?> first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            List<Pending<?>> requests = new ArrayList<>();
            requests.add(first);
            queue.drainTo(requests, MAX_GROUP - 1);
            if (!reopenIfFailed(requests)) {
                continue;
            }
            Group group = new Group();
            requests.forEach(group::run);
            takeQueued(group);
            if (group.size() < lastGroupSize) {
                awaitFollowers(group, lastGroupSize);
            }
            lastGroupSize = group.size();
            finish(group);
        }
        failRemaining();
    }

    /** Runs every request already queued into the group, up to {@value #MAX_GROUP}. */
    private void takeQueued(Group group) {
        Pending<?> next;
        while (group.size() < MAX_GROUP && (next = queue.poll()) != null) {
            group.run(next);
        }
    }

    /**
     * Waits up to {@value #FOLLOWERS_WAIT_MICROS} µs for requests until the group contains
     * {@code expected}, the number the last group held, and runs each as it comes.
     */
    private void awaitFollowers(Group group, int expected) {
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(FOLLOWERS_WAIT_MICROS);
        while (group.size() < expected && group.size() < MAX_GROUP) {
            long left = deadline - System.nanoTime();
            Pending<?> next;
            try {
                next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                return;
            }
            group.run(next);
            takeQueued(group);
        }
    }

    /** Requests run into one batch, with their outcomes, while the group is being built. */
    private final class Group {
        final WriteContext context = new WriteContext(kv, committed);
        final List<Pending<?>> requests = new ArrayList<>();
        final List<Object> results = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        void run(Pending<?> pending) {
            Object result = null;
            Throwable error = null;
            context.beginCommand();
            try {
                result = pending.command().execute(context);
                context.commitCommand();
            } catch (RuntimeException e) {
                context.abortCommand();
                error = e;
            } catch (Error e) {
                // A command with a bug fails its own request, and the writer thread goes on.
                context.abortCommand();
                LOG.error("{}: a store command failed with an error; its request fails", name, e);
                error = e;
            }
            requests.add(pending);
            results.add(result);
            errors.add(error);
        }

        int size() {
            return requests.size();
        }
    }

    private void runGroup(List<Pending<?>> requests) {
        if (!reopenIfFailed(requests)) {
            return;
        }
        Group group = new Group();
        requests.forEach(group::run);
        finish(group);
    }

    /** Writes the group with one sync if any request needs it, then completes every request. */
    private void finish(Group group) {
        WriteContext context = group.context;
        if (!context.batch().isEmpty()) {
            meta.putClock(context.batch(), clock.last());
            try {
                kv.write(context.batch(), context.needsSync());
                committed.publish(context);
            } catch (RuntimeException e) {
                committed.dropCache();
                logFailure("write of " + group.size() + " requests failed", e);
                failAll(group.requests, e);
                return;
            }
            logRecovery();
        }
        complete(group);
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
    private static void complete(Group group) {
        for (int i = 0; i < group.size(); i++) {
            CompletableFuture future = group.requests.get(i).future();
            Throwable error = group.errors.get(i);
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(group.results.get(i));
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
