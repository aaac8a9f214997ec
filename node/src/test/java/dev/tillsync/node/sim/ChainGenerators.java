package dev.tillsync.node.sim;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tillsync.node.event.NodeIds;
import dev.tillsync.node.event.Scope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.core.Gen;

/**
 * Generators of simulated chains and their schedules, as data: a {@link ChainCase} is a chain's
 * configuration and a list of {@link Step}s that a {@link ChainRun} interprets.
 *
 * <p>Every step is drawn as the same five numbers (kind, three parameters, pause), whatever its
 * kind, and the kind that draws shrink to is {@link Kind#IDLE}. So when QuickTheories shrinks a
 * failing schedule, a step that does not matter turns into nothing without shifting the draws of
 * the steps after it, and the schedule shrinks to the few steps that do matter.
 */
final class ChainGenerators {

    /** The kinds of steps, the first being what a step shrinks to. */
    enum Kind {
        IDLE, SELL, RETURN, RECEIVE, ADJUST, PRICE, PRICE_RACE, JOIN, PURGE, PARTITION, HEAL, CUT, FLAP, CRASH,
        RESTART, SKEW, BACKUP, RESTORE, COPY, NETWORK
    }

    /**
     * How often each kind of step occurs, how long schedules are, and how often a chain keeps its
     * data in RocksDB (one chain in {@code rocksDbOneIn}; 1 for every chain, 0 for none).
     */
    record Mix(Map<Kind, Integer> weights, int minSteps, int maxSteps, int rocksDbOneIn) {

        Mix {
            weights = new EnumMap<>(weights);
        }

        Kind kind(int draw) {
            int total = weights.values().stream().mapToInt(Integer::intValue).sum();
            int point = draw * total / 1000;
            int cumulative = 0;
            for (Kind kind : Kind.values()) {
                cumulative += weights.getOrDefault(kind, 0);
                if (point < cumulative) {
                    return kind;
                }
            }
            return Kind.IDLE;
        }
    }

    /** Sales and stock under a lossy network, partitions, resets, crashes and new tills. */
    static final Mix NETWORK_FAULTS = new Mix(weights(Kind.IDLE, 8, Kind.SELL, 22, Kind.RETURN, 5, Kind.RECEIVE, 6,
            Kind.ADJUST, 4, Kind.PRICE, 7, Kind.PRICE_RACE, 3, Kind.JOIN, 3, Kind.PURGE, 4, Kind.PARTITION, 6,
            Kind.HEAL, 5, Kind.CUT, 4, Kind.FLAP, 2, Kind.CRASH, 6, Kind.RESTART, 5, Kind.SKEW, 2, Kind.NETWORK, 3),
            5, 60, 50);

    /** Restores from backups, copies of tills, clock jumps, bootstraps on flapping links and purges. */
    static final Mix RECOVERY = new Mix(weights(Kind.IDLE, 8, Kind.SELL, 20, Kind.RETURN, 4, Kind.RECEIVE, 5,
            Kind.ADJUST, 3, Kind.PRICE, 6, Kind.PRICE_RACE, 3, Kind.JOIN, 5, Kind.PURGE, 5, Kind.PARTITION, 3,
            Kind.HEAL, 3, Kind.CUT, 3, Kind.CRASH, 4, Kind.RESTART, 4, Kind.SKEW, 6, Kind.BACKUP, 6, Kind.RESTORE, 5,
            Kind.COPY, 3), 5, 60, 50);

    /** Crashes, power losses, restores and copies of data directories, with every chain on RocksDB. */
    static final Mix ROCKS_DB = new Mix(weights(Kind.IDLE, 8, Kind.SELL, 22, Kind.RETURN, 4, Kind.RECEIVE, 5,
            Kind.PRICE, 6, Kind.JOIN, 3, Kind.PURGE, 4, Kind.PARTITION, 4, Kind.HEAL, 4, Kind.CUT, 3, Kind.CRASH, 8,
            Kind.RESTART, 6, Kind.BACKUP, 5, Kind.RESTORE, 4, Kind.COPY, 3), 5, 25, 1);

    private static final int SKUS = 4;

    private ChainGenerators() {
    }

    private static Map<Kind, Integer> weights(Object... kindsAndWeights) {
        Map<Kind, Integer> weights = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndWeights.length; i += 2) {
            weights.put((Kind) kindsAndWeights[i], (Integer) kindsAndWeights[i + 1]);
        }
        return weights;
    }

    /** A chain and its schedule; prints as a script, one step per line. */
    record ChainCase(ChainConfig config, List<Step> steps) {
        @Override
        public String toString() {
            StringBuilder script = new StringBuilder(config.toString());
            for (Step step : steps) {
                String line = step.toString();
                if (!line.isEmpty()) {
                    script.append(System.lineSeparator()).append("  ").append(line);
                }
            }
            return script.toString();
        }
    }

    /** The numbers one step is drawn from, each between 0 and 999. */
    record Draw(int kind, int first, int second, int third, int pause) {
    }

    static Gen<ChainCase> chainCases(Mix mix) {
        return chainConfigs(mix).flatMap(config -> lists().of(draws()).ofSizeBetween(mix.minSteps(), mix.maxSteps())
                .map(draws -> new ChainCase(config, plan(config, draws, mix))));
    }

    static Gen<ChainConfig> chainConfigs(Mix mix) {
        Gen<List<Integer>> numbers = lists().of(integers().between(0, 999)).ofSize(19);
        return longs().all().zip(numbers, (seed, d) -> {
            List<Integer> tills = new ArrayList<>();
            int stores = 1 + d.get(0) * 4 / 1000;
            for (int i = 0; i < stores; i++) {
                tills.add(1 + d.get(1 + i) * 5 / 1000);
            }
            boolean rocksDb = mix.rocksDbOneIn() > 0 && d.get(5) >= 1000 - 1000 / mix.rocksDbOneIn();
            long minDelay = 1 + d.get(9) * 5 / 1000;
            return new ChainConfig(seed, tills, rocksDb, d.get(6) * 11 / 1000, d.get(7) * 11 / 1000,
                    d.get(8) * 11 / 1000, d.get(18) >= 500, minDelay, minDelay + d.get(10) * 60 / 1000,
                    1 + d.get(11) * 50 / 1000, 1 + d.get(12) * 4 / 1000, 1 + d.get(13) * 3 / 1000,
                    200 + d.get(15) * 28L / 10, 300 + d.get(14) * 17L / 10, 1 + d.get(16) * 30 / 1000,
                    512L << (d.get(17) * 8 / 1000));
        });
    }

    static Gen<Draw> draws() {
        Gen<Integer> number = integers().between(0, 999);
        return number.zip(number, number, number, number, Draw::new);
    }

    /**
     * Turns draws into concrete steps, naming nodes as the chain will have them: tills that join
     * get the next free number of their store.
     */
    static List<Step> plan(ChainConfig config, List<Draw> draws, Mix mix) {
        Planner planner = new Planner(config);
        List<Step> steps = new ArrayList<>();
        for (Draw draw : draws) {
            Kind kind = mix.kind(draw.kind());
            if (kind == Kind.PRICE_RACE) {
                steps.addAll(planner.priceRace(draw));
            } else {
                steps.add(planner.step(kind, draw));
            }
            if (draw.pause() >= 400) {
                steps.add(new Step.Wait((draw.pause() - 400) * 5L));
            }
        }
        return steps;
    }

    /** Names the nodes of a chain as steps add tills. */
    private static final class Planner {

        private final ChainConfig config;
        private final Map<String, List<String>> tills = new LinkedHashMap<>();

        Planner(ChainConfig config) {
            this.config = config;
            for (String storeId : config.storeIds()) {
                tills.put(storeId, new ArrayList<>(config.initialTills(storeId)));
            }
        }

        Step step(Kind kind, Draw d) {
            return switch (kind) {
                case IDLE -> new Step.Idle();
                case SELL -> new Step.Sell(till(d.first()), sku(d.second()), 1 + d.third() % 5,
                        100 + d.second() % 10 * 50);
                case RETURN -> new Step.Return(till(d.first()), sku(d.second()), 1 + d.third() % 3,
                        100 + d.second() % 10 * 50);
                case RECEIVE -> stockStep(d, 5 + d.third() % 20, true);
                case ADJUST -> stockStep(d, d.third() % 11 == 5 ? 3 : d.third() % 11 - 5, false);
                case PRICE, PRICE_RACE -> price(d);
                case JOIN -> join(d);
                case PURGE -> new Step.Purge(anyNode(d.first()));
                case PARTITION -> new Step.Partition(child(d.first()), parentOf(child(d.first())));
                case HEAL -> new Step.Heal(child(d.first()), parentOf(child(d.first())));
                case CUT -> new Step.Cut(anyNode(d.first()));
                case FLAP -> new Step.Flap(anyNode(d.first()), 100 + d.second() % 400, 500 + d.third() * 5L);
                case CRASH -> new Step.Crash(anyNode(d.first()), d.second() % 2 == 1);
                case RESTART -> new Step.Restart(anyNode(d.first()));
                case SKEW -> new Step.Skew(anyNode(d.first()), skew(d));
                case BACKUP -> new Step.Backup(till(d.first()));
                case RESTORE -> new Step.Restore(till(d.first()));
                case COPY -> new Step.Copy(till(d.first()));
                case NETWORK -> new Step.Network(d.first() % 11, d.second() % 11, d.third() % 11);
            };
        }

        private Step stockStep(Draw d, int quantity, boolean receipt) {
            List<String> nodes = nodes();
            String node = nodes.get(d.first() % nodes.size());
            String storeId = ChainConfig.ROOT.equals(node) ? stores().get(d.second() % stores().size())
                    : NodeIds.storeOf(node);
            String sku = sku(d.second() / 7);
            return receipt ? new Step.Receive(node, storeId, sku, quantity) : new Step.Adjust(node, storeId, sku,
                    quantity);
        }

        private Step price(Draw d) {
            List<String> setters = new ArrayList<>();
            setters.add(ChainConfig.ROOT);
            setters.addAll(stores());
            String node = setters.get(d.first() % setters.size());
            Scope scope;
            if (ChainConfig.ROOT.equals(node)) {
                int choice = d.second() % (stores().size() + 1);
                scope = choice == 0 ? Scope.chain() : Scope.store(stores().get(choice - 1));
            } else {
                scope = Scope.store(node);
            }
            return new Step.SetPrice(node, scope, sku(d.third()), 100 + (d.first() + d.second()) % 8 * 25);
        }

        /**
         * Returns two writes of one price register at the same instant, by the root and by the
         * store: with equal clocks their timestamps tie, and the lower replica id must win everywhere.
         */
        List<Step> priceRace(Draw d) {
            String storeId = stores().get(d.first() % stores().size());
            String sku = sku(d.third());
            return List.of(new Step.SetPrice(ChainConfig.ROOT, Scope.store(storeId), sku, 100 + d.second() % 8 * 25),
                    new Step.SetPrice(storeId, Scope.store(storeId), sku, 100 + d.third() % 8 * 25));
        }

        private Step join(Draw d) {
            String storeId = stores().get(d.first() % stores().size());
            List<String> storeTills = tills.get(storeId);
            String till = storeId + "/till-" + (storeTills.size() + 1);
            storeTills.add(till);
            boolean flapping = d.second() % 3 == 0;
            return new Step.Join(till, flapping ? 100 + d.third() % 400 : 0, flapping ? 1_000 + d.first() * 4L : 0);
        }

        private long skew(Draw d) {
            long drift = ChainConfig.MAX_DRIFT_MILLIS;
            if (d.second() % 5 == 0) {
                long beyond = drift << (d.third() % 8);
                return d.first() % 2 == 0 ? beyond : -beyond;
            }
            return (d.third() - 500) * drift * 45 / 50_000;
        }

        private List<String> stores() {
            return config.storeIds();
        }

        private List<String> allTills() {
            List<String> all = new ArrayList<>();
            tills.values().forEach(all::addAll);
            return all;
        }

        private String till(int draw) {
            List<String> all = allTills();
            return all.get(draw % all.size());
        }

        /** Returns every node: the root, the stores, then the tills. */
        private List<String> nodes() {
            List<String> nodes = new ArrayList<>();
            nodes.add(ChainConfig.ROOT);
            nodes.addAll(stores());
            nodes.addAll(allTills());
            return nodes;
        }

        private String anyNode(int draw) {
            List<String> nodes = nodes();
            return nodes.get(draw % nodes.size());
        }

        private String child(int draw) {
            List<String> nodes = nodes();
            return nodes.get(1 + draw % (nodes.size() - 1));
        }

        private static String parentOf(String nodeId) {
            return NodeIds.parentOf(nodeId).orElse(ChainConfig.ROOT);
        }

        private static String sku(int draw) {
            return "A" + (1 + draw % SKUS);
        }
    }
}
