package dev.tillsync.node.sim;

import dev.tillsync.node.sim.ChainGenerators.ChainCase;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing schedule further than QuickTheories does: drops its steps one at a time and
 * keeps each drop after which the chain still fails the same property, rerunning at most half as
 * many chains as QuickTheories' shrink cycles. QuickTheories shrinks the
 * numbers the steps were drawn from, at random; this pass leaves a script in which every step
 * matters.
 */
final class Minimizer {


    /** A failing schedule and how it fails. */
    record Result(ChainCase chain, Throwable failure) {
    }

    private Minimizer() {
    }

    /** Returns the smallest schedule found that fails like {@code failure} did. */
    static Result minimize(ChainCase failing, Throwable failure) {
        String property = property(failure);
        List<Step> steps = new ArrayList<>(failing.steps());
        steps.removeIf(step -> step instanceof Step.Idle);
        Result best = new Result(new ChainCase(failing.config(), List.copyOf(steps)), failure);
        int maxRuns = SimTheory.shrinkCycles() / 2;
        int runs = 0;
        boolean dropped = true;
        while (dropped && runs < maxRuns) {
            dropped = false;
            for (int i = steps.size() - 1; i >= 0 && runs < maxRuns; i--) {
                List<Step> candidate = new ArrayList<>(steps);
                candidate.remove(i);
                ChainCase chain = new ChainCase(failing.config(), List.copyOf(candidate));
                Throwable found = failure(chain);
                runs++;
                if (found != null && property(found).equals(property)) {
                    steps = candidate;
                    best = new Result(chain, found);
                    dropped = true;
                }
            }
        }
        return best;
    }

    private static Throwable failure(ChainCase chain) {
        try {
            SimTheory.run(chain);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    /** Returns the property a failure names: the text before the first colon of its message. */
    static String property(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        int colon = message.indexOf(':');
        return colon < 0 ? failure.getClass().getSimpleName() : message.substring(0, colon);
    }
}
