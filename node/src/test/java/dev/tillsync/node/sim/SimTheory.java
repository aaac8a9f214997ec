package dev.tillsync.node.sim;

import ch.qos.logback.classic.Level;
import dev.tillsync.node.sim.ChainGenerators.ChainCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;
import org.quicktheories.core.Strategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a property over generated chains with QuickTheories and reports a failure with its seed,
 * the command that replays it and the shrunk schedule as a script.
 *
 * <p>QuickTheories 0.26 draws every example of a run from one seed, so replaying a seed replays
 * every example before the failing one. The chains of a property therefore run in batches of
 * {@value #BATCH}, each a QuickTheories run with its own seed: a failure names the seed of its
 * batch, and {@code -Dtillsync.sim.seed=<seed>} runs that batch alone, which meets the same
 * failing chain again within {@value #BATCH} chains and shrinks it the same way. Every run is
 * deterministic: the simulation takes all its randomness from the chain's configuration.
 *
 * <p>System properties: {@code tillsync.sim.chains} sets the total number of chains of the
 * simulation properties (each property runs its share of it), {@code tillsync.sim.seed} replays one
 * batch, {@code tillsync.sim.shrinks=N} sets the shrink attempts after a failure,
 * {@code tillsync.sim.script=<file>} runs the schedule a failure printed (copied into the
 * file, perhaps edited) once, and {@code tillsync.sim.log=DEBUG} (or another level) shows the
 * nodes' logs, which are off otherwise because faults make nodes log warnings all the time.
 */
final class SimTheory {

    static final String CHAINS_PROPERTY = "tillsync.sim.chains";
    static final String SEED_PROPERTY = "tillsync.sim.seed";
    static final String LOG_PROPERTY = "tillsync.sim.log";
    static final String SCRIPT_PROPERTY = "tillsync.sim.script";
    static final String SHRINKS_PROPERTY = "tillsync.sim.shrinks";
    /** Chains per QuickTheories run, and so the most a replay runs before meeting the failure. */
    static final int BATCH = 100;
    /**
     * Shrink attempts after a failure, unless {@code tillsync.sim.shrinks} sets another number. Each
     * reruns a chain, so a few hundred take a minute or two.
     */
    private static final int SHRINK_CYCLES = 400;

    private static final Logger LOG = LoggerFactory.getLogger(SimTheory.class);
    /** Chains run by every property of this JVM, for the summary of a soak. */
    private static final AtomicLong CHAINS_IN_JVM = new AtomicLong();

    /** Counts of what the chains of one property did. */
    static final class Totals {
        private long chains;
        private long steps;
        private long events;
        private long lost;
        private long virtualMillis;
        private long frames;

        void add(ChainRun.Outcome outcome) {
            chains++;
            steps += outcome.steps();
            events += outcome.events();
            lost += outcome.lost();
            virtualMillis += outcome.virtualMillis();
            frames += outcome.framesSent();
        }

        long chains() {
            return chains;
        }

        @Override
        public String toString() {
            return chains + " chains, " + steps + " steps, " + events + " events recorded (" + lost
                    + " lost to restores of older backups), " + frames + " frames, " + virtualMillis / 60_000
                    + " min of virtual time";
        }
    }

    private SimTheory() {
    }

    /**
     * Runs {@code chains} generated chains, or this property's {@code share} of
     * {@code tillsync.sim.chains} when it is set, or one batch when {@code tillsync.sim.seed} is.
     *
     * @param test "Class#method", for the replay command
     * @throws AssertionError with the seed, the replay command and the shrunk schedule
     */
    static Totals check(String test, Gen<ChainCase> cases, int chains, double share) {
        return check(test, cases, chains, share, SimTheory::run);
    }

    /**
     * Runs {@code property} on generated chains, as {@link #check(String, Gen, int, double)} runs
     * the simulation's checks. With a share of 0 the number of chains stays
     * {@code chains}, whatever {@code tillsync.sim.chains} is.
     */
    static Totals check(String test, Gen<ChainCase> cases, int chains, double share,
                        Function<ChainCase, ChainRun.Outcome> property) {
        String script = System.getProperty(SCRIPT_PROPERTY);
        if (script != null) {
            return replay(test, Path.of(script));
        }
        int total = chainsToRun(chains, share);
        List<Long> seeds = batchSeeds(total);
        Totals totals = new Totals();
        long started = System.nanoTime();
        Level previous = quietNodeLogs();
        try {
            int left = total;
            for (long seed : seeds) {
                int examples = Math.min(BATCH, left);
                left -= examples;
                Strategy strategy = Configuration.systemStrategy().withFixedSeed(seed).withExamples(examples)
                        .withShrinkCycles(shrinkCycles()).withReporter(new Report(test, seed, totals));
                QuickTheory.qt(() -> strategy).forAll(cases)
                        .checkAssert(chain -> totals.add(property.apply(chain)));
            }
        } finally {
            restoreNodeLogs(previous);
        }
        LOG.info("{}: {} in {} s ({} chains by the simulation properties of this run so far)", test, totals,
                (System.nanoTime() - started) / 1_000_000_000, CHAINS_IN_JVM.addAndGet(totals.chains()));
        return totals;
    }

    private static Totals replay(String test, Path file) {
        ChainCase chain;
        try {
            chain = Script.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the script " + file, e);
        }
        Totals totals = new Totals();
        Level previous = quietNodeLogs();
        try {
            totals.add(run(chain));
        } catch (AssertionError e) {
            throw new AssertionError(test + " failed on the script " + file + System.lineSeparator() + "failure: "
                    + e.getMessage() + System.lineSeparator() + chain, e);
        } finally {
            restoreNodeLogs(previous);
        }
        LOG.info("{}: the script {} passed: {}", test, file, totals);
        return totals;
    }

    /** Runs one chain and checks it; the chain's files are deleted whatever happens. */
    static ChainRun.Outcome run(ChainCase chain) {
        try (ChainRun run = new ChainRun(chain.config())) {
            return run.run(chain.steps());
        }
    }

    static int shrinkCycles() {
        return Integer.getInteger(SHRINKS_PROPERTY, SHRINK_CYCLES);
    }

    private static int chainsToRun(int chains, double share) {
        if (System.getProperty(SEED_PROPERTY) != null) {
            return BATCH;
        }
        String requested = System.getProperty(CHAINS_PROPERTY);
        if (requested == null || share <= 0) {
            return chains;
        }
        return (int) Math.max(1, Math.round(Long.parseLong(requested) * share));
    }

    private static List<Long> batchSeeds(int chains) {
        List<Long> seeds = new ArrayList<>();
        String replay = System.getProperty(SEED_PROPERTY);
        if (replay != null) {
            seeds.add(Long.parseLong(replay));
            return seeds;
        }
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < chains; i += BATCH) {
            seeds.add(random.nextLong());
        }
        return seeds;
    }

    /** Turns the nodes' logs off (or to {@code tillsync.sim.log}) and keeps this class's summary. */
    private static Level quietNodeLogs() {
        if (!(LoggerFactory.getLogger("dev.tillsync.node") instanceof ch.qos.logback.classic.Logger nodes)) {
            return null;
        }
        Level previous = nodes.getLevel();
        nodes.setLevel(Level.toLevel(System.getProperty(LOG_PROPERTY), Level.OFF));
        if (LOG instanceof ch.qos.logback.classic.Logger own) {
            own.setLevel(Level.INFO);
        }
        return previous;
    }

    private static void restoreNodeLogs(Level previous) {
        if (LoggerFactory.getLogger("dev.tillsync.node") instanceof ch.qos.logback.classic.Logger nodes) {
            nodes.setLevel(previous);
        }
    }

    /** Reports a falsified property with its seed, the replay command and the shrunk schedule. */
    private record Report(String test, long seed, Totals totals) implements Reporter {

        @Override
        public void falisification(long ignoredSeed, int examplesUsed, Object smallest, Throwable cause,
                                   List<Object> others, AsString<Object> toString) {
            Throwable failure = cause == null ? new AssertionError("the property returned false") : cause;
            Minimizer.Result minimal = Minimizer.minimize((ChainCase) smallest, failure);
            throw new AssertionError(message(examplesUsed, minimal), minimal.failure());
        }

        @Override
        public void falisification(long ignoredSeed, int examplesUsed, Object smallest, List<Object> others,
                                   AsString<Object> toString) {
            falisification(ignoredSeed, examplesUsed, smallest, null, others, toString);
        }

        @Override
        public void valuesExhausted(int examplesFound) {
            throw new AssertionError(test + ": QuickTheories found only " + examplesFound + " distinct chains in the"
                    + " batch with seed " + seed + "; replay with " + replayCommand());
        }

        private String message(int examplesUsed, Minimizer.Result minimal) {
            String separator = System.lineSeparator();
            String schedule = minimal.chain().toString();
            long steps = schedule.lines().count() - 1;
            return test + " failed at chain " + examplesUsed + " of the batch with seed " + seed + " ("
                    + totals.chains() + " chains of this property ran, shrinking included)" + separator
                    + "replay with: " + replayCommand() + separator
                    + "or run the schedule below alone: put it in a file and add -D" + SCRIPT_PROPERTY + "=<file>"
                    + separator
                    + "failure: " + minimal.failure().getMessage() + separator
                    + "shrunk schedule (" + steps + " steps):" + separator + schedule;
        }

        private String replayCommand() {
            return "mvn -B -pl node test -Dtest=" + test + " -D" + SEED_PROPERTY + "=" + seed;
        }
    }
}
