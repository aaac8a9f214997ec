package dev.tillsync.node.sim;

import dev.tillsync.node.net.Scheduler;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * A virtual clock and a single-threaded task queue: every task of a simulation runs from
 * {@link #runUntil}, in time order and, at equal times, in the order it was scheduled. Nothing
 * depends on the wall clock, so one seed always gives one run.
 *
 * <p>Each simulated node schedules through its own {@link Process}: stopping a process (a crash)
 * drops every task it queued, as a dead process runs nothing, and its clock may be offset from
 * the simulation's.
 */
public final class SimScheduler implements Scheduler {

    private record Task(long atMillis, long sequence, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(atMillis, other.atMillis);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMillis;
    private long sequence;
    private long executed;

    public SimScheduler(long startMillis) {
        this.nowMillis = startMillis;
    }

    @Override
    public void execute(Runnable command) {
        queue.add(new Task(nowMillis, sequence++, command));
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(nowMillis + Math.max(0, delayMillis), sequence++, () -> {
            if (!cancelled[0]) {
                task.run();
            }
        }));
        return () -> cancelled[0] = true;
    }

    @Override
    public long currentTimeMillis() {
        return nowMillis;
    }

    /** Runs tasks in order until the queue is empty or the next task is after {@code untilMillis}. */
    public void runUntil(long untilMillis) {
        while (!queue.isEmpty() && queue.peek().atMillis() <= untilMillis) {
            Task task = queue.poll();
            nowMillis = Math.max(nowMillis, task.atMillis());
            task.action().run();
            executed++;
        }
        nowMillis = Math.max(nowMillis, untilMillis);
    }

    /** Runs for {@code millis} of virtual time. */
    public void runFor(long millis) {
        runUntil(nowMillis + millis);
    }

    /** Returns the number of tasks run so far. */
    public long executed() {
        return executed;
    }

    /** Returns a scheduler for one process whose clock reads the simulation's time plus {@code offset}. */
    public Process process(LongSupplier offsetMillis) {
        return new Process(offsetMillis);
    }

    /** The tasks and clock of one simulated process; stopped by a crash. */
    public final class Process implements Scheduler {

        private final LongSupplier offsetMillis;
        private boolean alive = true;

        private Process(LongSupplier offsetMillis) {
            this.offsetMillis = offsetMillis;
        }

        @Override
        public void execute(Runnable command) {
            SimScheduler.this.execute(() -> {
                if (alive) {
                    command.run();
                }
            });
        }

        @Override
        public Cancellable schedule(long delayMillis, Runnable task) {
            return SimScheduler.this.schedule(delayMillis, () -> {
                if (alive) {
                    task.run();
                }
            });
        }

        /** Returns the process's wall clock: the simulation's time plus the node's clock offset. */
        @Override
        public long currentTimeMillis() {
            return nowMillis + offsetMillis.getAsLong();
        }

        /** Drops every task this process queued or will queue. */
        public void stop() {
            alive = false;
        }

        public boolean isAlive() {
            return alive;
        }
    }
}
