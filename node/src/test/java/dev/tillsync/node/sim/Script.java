package dev.tillsync.node.sim;

import dev.tillsync.node.event.Money;
import dev.tillsync.node.event.Scope;
import dev.tillsync.node.sim.ChainGenerators.ChainCase;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a schedule back from the script a failure prints, so that a shrunk schedule can be run
 * again on its own, with the nodes' logs on, and edited by hand.
 */
final class Script {

    private static final Pattern CONFIG = Pattern.compile("chain\\(seed (-?\\d+), stores ([a-z0-9: ]+), "
            + "(memory|RocksDB), loss (\\d+)%, duplication (\\d+)%, reordering (\\d+)% (inside|breaking) connections, "
            + "delay (\\d+)\\.\\.(\\d+) ms, batch (\\d+) events, window (\\d+), pending (\\d+), ack timeout (\\d+) ms, "
            + "heartbeat (\\d+) ms, chunk (\\d+) items, high water (\\d+) bytes\\)");
    private static final Pattern STEP = Pattern.compile("(\\w+)\\((.*)\\)");
    private static final Pattern NUMBERS = Pattern.compile("[-+]?\\d+");

    private Script() {
    }

    /**
     * Parses a script: the chain line, then one step per line; blank lines are ignored.
     *
     * @throws IllegalArgumentException naming the line that is not a step
     */
    static ChainCase parse(String text) {
        List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        ChainConfig config = config(lines.get(0));
        List<Step> steps = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            steps.add(step(line));
        }
        return new ChainCase(config, steps);
    }

    /** Parses steps alone, one per line, for a chain configured in code. */
    static List<Step> steps(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).map(Script::step).toList();
    }

    private static ChainConfig config(String line) {
        Matcher m = CONFIG.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("first line: " + line
                    + " (expected: chain(seed ..., as a failure prints it)");
        }
        List<Integer> tills = new ArrayList<>();
        for (String store : m.group(2).split(" ")) {
            tills.add(Integer.parseInt(store.substring(store.indexOf(':') + 1)));
        }
        return new ChainConfig(Long.parseLong(m.group(1)), tills, m.group(3).equals("RocksDB"), integer(m, 4),
                integer(m, 5), integer(m, 6), m.group(7).equals("inside"), integer(m, 8), integer(m, 9),
                integer(m, 10), integer(m, 11), integer(m, 12), integer(m, 13), integer(m, 14), integer(m, 15),
                integer(m, 16));
    }

    private static int integer(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static Step step(String line) {
        Matcher m = STEP.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("step: " + line + " (expected: name(arguments), such as sell(uk/till-1, "
                    + "A1, 2 x 1.50))");
        }
        String[] args = m.group(2).split(", ");
        return switch (m.group(1)) {
            case "wait" -> new Step.Wait(numbers(args[0]).get(0));
            case "sell" -> new Step.Sell(args[0], args[1], quantity(args[2]), unitCents(args[2]));
            case "return" -> new Step.Return(args[0], args[1], quantity(args[2]), unitCents(args[2]));
            case "receive" -> new Step.Receive(args[0], args[1].substring("store ".length()), args[2],
                    Integer.parseInt(args[3]));
            case "adjust" -> new Step.Adjust(args[0], args[1].substring("store ".length()), args[2],
                    Integer.parseInt(args[3]));
            case "price" -> new Step.SetPrice(args[0], Scope.parse(args[1]), args[2], cents(args[3]));
            case "join" -> args.length == 1 ? new Step.Join(args[0], 0, 0)
                    : new Step.Join(args[0], numbers(args[1]).get(0), numbers(args[1]).get(1));
            default -> fault(m.group(1), args, line);
        };
    }

    private static Step fault(String name, String[] args, String line) {
        return switch (name) {
            case "purge" -> new Step.Purge(args[0]);
            case "partition" -> new Step.Partition(args[0], args[1]);
            case "heal" -> new Step.Heal(args[0], args[1]);
            case "cut" -> new Step.Cut(args[0]);
            case "flap" -> new Step.Flap(args[0], numbers(args[1]).get(0), numbers(args[1]).get(1));
            case "crash" -> new Step.Crash(args[0], false);
            case "powerLoss" -> new Step.Crash(args[0], true);
            case "restart" -> new Step.Restart(args[0]);
            case "skew" -> new Step.Skew(args[0], numbers(args[1]).get(0));
            case "backup" -> new Step.Backup(args[0]);
            case "restore" -> new Step.Restore(args[0]);
            case "copy" -> new Step.Copy(args[0]);
            case "network" -> new Step.Network(numbers(args[0]).get(0).intValue(),
                    numbers(args[1]).get(0).intValue(), numbers(args[2]).get(0).intValue());
            default -> throw new IllegalArgumentException("step: " + line + " (expected: a step as Step prints it)");
        };
    }

    /** Returns the whole numbers in one argument, such as 300 and 2000 in "every 300 ms for 2000 ms". */
    private static List<Long> numbers(String argument) {
        List<Long> numbers = new ArrayList<>();
        Matcher m = NUMBERS.matcher(argument);
        while (m.find()) {
            numbers.add(Long.parseLong(m.group()));
        }
        return numbers;
    }

    /** Returns the quantity of "2 x 4.00". */
    private static int quantity(String argument) {
        return Integer.parseInt(argument.substring(0, argument.indexOf(" x ")));
    }

    private static int unitCents(String argument) {
        return cents(argument.substring(argument.indexOf(" x ") + 3));
    }

    private static int cents(String amount) {
        return (int) (Money.parse(amount).scaled() / 100);
    }
}
