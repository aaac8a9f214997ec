package dev.tillsync.node.crdt;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.ExceptionReporter;
import org.quicktheories.core.Reporter;
import org.quicktheories.core.Strategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of every property test: a QuickTheories run with the shared tries budget whose
 * failures name the seed and the Maven command that replays them.
 *
 * <p>Register this class on a test class with {@code @ExtendWith(Theories.class)} and call
 * {@link #qt()} once per test method. QuickTheories 0.26 picks a fresh seed for every run unless
 * the system property {@code QT_SEED} is set, and Surefire passes {@code -DQT_SEED=...} from the
 * Maven command line to the forked test JVM, so the printed command reruns the failing example.
 */
public final class Theories implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

    /** Examples that every property tries before it passes. */
    public static final int TRIES = 1_000;

    /** Shrink attempts after a failure: a tenth of QuickTheories' default of 100 per example tried. */
    private static final int SHRINK_CYCLES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(Theories.class);
    private static final String REPLAY_MARKER = "replay with: ";
    private static final ThreadLocal<String> CURRENT_TEST = new ThreadLocal<>();
    private static final ThreadLocal<Long> CURRENT_SEED = new ThreadLocal<>();

    /**
     * Returns a QuickTheories run of {@link #TRIES} examples for the running test.
     *
     * @throws IllegalStateException if the test class is not extended with {@code Theories}
     */
    public static QuickTheory qt() {
        String test = CURRENT_TEST.get();
        if (test == null) {
            throw new IllegalStateException("no test is registered: annotate the test class with "
                    + "@ExtendWith(Theories.class)");
        }
        Strategy system = Configuration.systemStrategy();
        long seed = system.prng().getInitialSeed();
        CURRENT_SEED.set(seed);
        Strategy strategy = system.withExamples(TRIES)
                .withShrinkCycles(SHRINK_CYCLES)
                .withReporter(new ReplayReporter(test));
        return QuickTheory.qt(() -> strategy);
    }

    /** Returns the Maven command that reruns {@code test} ("Class#method") with {@code seed}. */
    static String replayCommand(String test, long seed) {
        return "mvn -B -pl node test -Dtest=" + test + " -DQT_SEED=" + seed;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CURRENT_TEST.set(context.getRequiredTestClass().getSimpleName() + "#"
                + context.getRequiredTestMethod().getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CURRENT_TEST.remove();
        CURRENT_SEED.remove();
    }

    /**
     * Adds the seed to a failure that QuickTheories did not report itself, such as an exception
     * thrown by a generator.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Long seed = CURRENT_SEED.get();
        String message = String.valueOf(failure.getMessage());
        if (seed == null || message.contains(REPLAY_MARKER)) {
            throw failure;
        }
        String test = CURRENT_TEST.get();
        LOG.error("{}: property run failed outside a checked example (seed={}), {}{}", test, seed, REPLAY_MARKER,
                replayCommand(test, seed));
        throw new AssertionError("seed " + seed + ", " + REPLAY_MARKER + replayCommand(test, seed), failure);
    }

    /** Reports as QuickTheories does, with the seed and the replay command in the first line. */
    private static final class ReplayReporter implements Reporter {

        private final Reporter delegate = new ExceptionReporter();
        private final String test;

        ReplayReporter(String test) {
            this.test = test;
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                                   List<Object> others, AsString<Object> toString) {
            try {
                delegate.falisification(seed, examplesUsed, smallest, cause, others, toString);
            } catch (AssertionError e) {
                throw withReplay(e, seed);
            }
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> others,
                                   AsString<Object> toString) {
            try {
                delegate.falisification(seed, examplesUsed, smallest, others, toString);
            } catch (AssertionError e) {
                throw withReplay(e, seed);
            }
        }

        @Override
        public void valuesExhausted(int examplesFound) {
            try {
                delegate.valuesExhausted(examplesFound);
            } catch (IllegalStateException e) {
                throw withReplay(new AssertionError(e.getMessage(), e), CURRENT_SEED.get());
            }
        }

        private AssertionError withReplay(AssertionError failure, long seed) {
            String command = replayCommand(test, seed);
            LOG.error("{}: property falsified (seed={}), {}{}", test, seed, REPLAY_MARKER, command);
            return new AssertionError("seed " + seed + ", " + REPLAY_MARKER + command + System.lineSeparator()
                    + failure.getMessage(), failure.getCause());
        }
    }
}
