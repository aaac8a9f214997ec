package dev.tillsync.node.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a simulated run of several replicas of one CRDT: each replica applies
 * delta-mutators to its own state and receives deltas or whole states from the others, in the order
 * the steps give. Deltas may arrive late, twice or never. Its string form is the script of the run,
 * one line per step, so that a shrunk failure reads as a scenario.
 *
 * @param <T> the CRDT type
 */
public final class History<T extends Crdt<T>> {

    /** How far ahead of its wall clock a simulated replica accepts a remote timestamp, in milliseconds. */
    private static final long MAX_DRIFT_MILLIS = 60_000;

    private final T initial;
    private final List<ReplicaId> replicas;
    private final List<T> states;
    private final List<T> deltas;
    private final List<Applied<T>> updates;
    private final List<String> script;

    private History(T initial, List<ReplicaId> replicas, List<T> states, List<T> deltas, List<Applied<T>> updates,
                    List<String> script) {
        this.initial = initial;
        this.replicas = List.copyOf(replicas);
        this.states = Collections.unmodifiableList(states);
        this.deltas = Collections.unmodifiableList(deltas);
        this.updates = Collections.unmodifiableList(updates);
        this.script = Collections.unmodifiableList(script);
    }

    /** One step of a run. Replica and delta indexes are taken modulo the number available. */
    public sealed interface Step<T extends Crdt<T>> {
    }

    /** The replica reads its wall clock, stamps the update with its hybrid logical clock and applies it. */
    public record Update<T extends Crdt<T>>(int replica, long wallMillis, Mutator<T> mutator) implements Step<T> {
    }

    /** A delta produced earlier reaches a replica, possibly its own author or a replica that has it. */
    public record Deliver<T extends Crdt<T>>(int delta, int replica) implements Step<T> {
    }

    /** A replica sends its whole state to another, as anti-entropy does when deltas are missing. */
    public record Sync<T extends Crdt<T>>(int from, int to) implements Step<T> {
    }

    /** An update as a replica applied it: who, at which hybrid-logical-clock time, and what. */
    public record Applied<T extends Crdt<T>>(ReplicaId replica, Timestamp timestamp, Mutator<T> mutator) {
    }

    /** Runs {@code steps} on replicas that all start at {@code initial}. */
    public static <T extends Crdt<T>> History<T> run(T initial, List<ReplicaId> replicas, List<Step<T>> steps) {
        Objects.requireNonNull(initial, "initial");
        Run<T> run = new Run<>(initial, replicas);
        for (Step<T> step : steps) {
            run.apply(step);
        }
        return new History<>(initial, replicas, run.states, run.deltas, run.updates, run.script);
    }

    /** Returns the state every replica starts from: the bottom of every state the run reaches. */
    public T initial() {
        return initial;
    }

    /** Returns the replica ids, distinct, in the order the script numbers them r0, r1, ... */
    public List<ReplicaId> replicas() {
        return replicas;
    }

    /** Returns the final state of each replica, in the order of {@link #replicas()}. */
    public List<T> states() {
        return states;
    }

    /** Returns every delta the run produced, in the order produced, whether delivered or not. */
    public List<T> deltas() {
        return deltas;
    }

    /** Returns the updates applied, in the order applied. */
    public List<Applied<T>> updates() {
        return updates;
    }

    /** Returns the initial state, the replica states and the deltas: every state the run holds. */
    public List<T> members() {
        List<T> members = new ArrayList<>(1 + states.size() + deltas.size());
        members.add(initial);
        members.addAll(states);
        members.addAll(deltas);
        return members;
    }

    /** Returns the initial state merged with every delta: where every replica ends once all arrive. */
    public T mergeOfAll() {
        T merged = initial;
        for (T delta : deltas) {
            merged = merged.merge(delta);
        }
        return merged;
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            lines.add("r" + i + " = " + replicas.get(i));
        }
        lines.addAll(script);
        return String.join(System.lineSeparator(), lines);
    }

    /** The mutable state of a run while its steps are applied. */
    private static final class Run<T extends Crdt<T>> {

        private final List<ReplicaId> replicas;
        private final List<T> states = new ArrayList<>();
        private final List<HybridClock> clocks = new ArrayList<>();
        private final long[] walls;
        private final List<T> deltas = new ArrayList<>();
        private final List<Applied<T>> updates = new ArrayList<>();
        private final List<String> script = new ArrayList<>();

        Run(T initial, List<ReplicaId> replicas) {
            this.replicas = replicas;
            this.walls = new long[replicas.size()];
            for (int i = 0; i < replicas.size(); i++) {
                int replica = i;
                states.add(initial);
                clocks.add(new HybridClock(() -> walls[replica], MAX_DRIFT_MILLIS, Timestamp.ZERO));
            }
        }

        void apply(Step<T> step) {
            if (step instanceof Update<T> update) {
                update(update);
            } else if (step instanceof Deliver<T> deliver) {
                deliver(deliver);
            } else {
                sync((Sync<T>) step);
            }
        }

        private void update(Update<T> update) {
            int replica = Math.floorMod(update.replica(), replicas.size());
            walls[replica] = update.wallMillis();
            Timestamp now = clocks.get(replica).now();

            T delta = update.mutator().delta(states.get(replica), replicas.get(replica), now);
            states.set(replica, states.get(replica).merge(delta));
            deltas.add(delta);
            updates.add(new Applied<>(replicas.get(replica), now, update.mutator()));
            script.add("r" + replica + " at " + now + ": " + update.mutator() + " -> d" + (deltas.size() - 1));
        }

        private void deliver(Deliver<T> deliver) {
            if (deltas.isEmpty()) {
                return;
            }
            int delta = Math.floorMod(deliver.delta(), deltas.size());
            int replica = Math.floorMod(deliver.replica(), replicas.size());
            states.set(replica, states.get(replica).merge(deltas.get(delta)));
            script.add("deliver d" + delta + " to r" + replica);
        }

        private void sync(Sync<T> sync) {
            int from = Math.floorMod(sync.from(), replicas.size());
            int to = Math.floorMod(sync.to(), replicas.size());
            states.set(to, states.get(to).merge(states.get(from)));
            script.add("sync r" + from + " into r" + to);
        }
    }
}
