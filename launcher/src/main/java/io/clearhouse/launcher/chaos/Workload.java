package io.clearhouse.launcher.chaos;

import io.clearhouse.launcher.demo.SimulatedProvider;
import io.clearhouse.launcher.demo.TransactionGenerator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The chaos run's workload, all of it known before the first request: per provider, a day of play
 * from the demo's {@link TransactionGenerator} (bets, wins, free rounds, jackpot contributions,
 * rollbacks, some sent before their bet) cut into requests (batches of varying size and single
 * transactions), every fourth batch sent twice (a provider resending after a lost answer), a few
 * late transactions of an earlier day at the end, and a few conflicting resends (same id, another
 * amount: the original must stand). Deterministic for a seed and a size: two runs of the same seed
 * send the same content in the same order per provider, so their figures can be compared.
 */
final class Workload {

    /** What a request carries and why. */
    enum Kind {
        /** A batch sent for the first time. */
        BATCH,
        /** One transaction on {@code POST /v1/transactions}. */
        SINGLE,
        /** A batch sent again (a provider that lost the answer): every transaction is a duplicate. */
        RESEND,
        /** Transactions of a day well before the others, sent last. */
        LATE,
        /** Known ids with another amount: conflicts, the original stands. */
        CONFLICT
    }

    /** One request of one provider. */
    record Request(String provider, Kind kind, List<Map<String, Object>> transactions) {
    }

    /** Chaos providers are the demo's with a {@code chaos-} prefix, so a chaos run never mixes with a demo day. */
    static final String PROVIDER_PREFIX = "chaos-";
    private static final int BATCH_MIN = 20;
    private static final int BATCH_MAX = 150;
    private static final int SINGLES_AFTER_BATCH_PERCENT = 60;
    private static final int LATE_PERCENT = 2;
    private static final int CONFLICTS_PER_PROVIDER = 3;

    private final Map<String, List<Request>> plan = new LinkedHashMap<>();
    /** New transactions the extension may add per provider (as many as planned): bounds the launcher's memory. */
    private final int extensionMaxPerProvider;
    private final Map<String, Extension> extensions = new LinkedHashMap<>();
    /** Extension requests handed out (each is sent): part of what was sent. */
    private final java.util.Queue<Request> extended = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * @param transactionsPerProvider about how many distinct transactions each provider sends
     * @param today                   the day the run happens (the play is the day before; the late ones four days before)
     */
    Workload(long seed, int transactionsPerProvider, LocalDate today) {
        this.extensionMaxPerProvider = transactionsPerProvider;
        Random random = new Random(seed);
        String tag = "s" + seed;
        LocalDate day = today.minusDays(1);
        LocalDate lateDay = today.minusDays(4);
        for (SimulatedProvider demo : SimulatedProvider.demoProviders()) {
            SimulatedProvider p = new SimulatedProvider(PROVIDER_PREFIX + demo.id(), demo.currencies(), demo.games());
            TransactionGenerator generator = new TransactionGenerator(p, tag, random.nextLong(), start(day),
                    start(day.plusDays(1)));
            List<Map<String, Object>> txs = generator.generate(transactionsPerProvider);
            int lateCount = Math.max(1, transactionsPerProvider * LATE_PERCENT / 100);
            List<Map<String, Object>> late = new TransactionGenerator(p, tag + "-late", random.nextLong(),
                    start(lateDay), start(lateDay.plusDays(1))).generate(lateCount);
            List<Request> requests = new ArrayList<>();
            int batches = 0;
            int i = 0;
            boolean singles = true; // a provider's first call is a single transaction
            while (i < txs.size()) {
                if (singles) {
                    // one to three transactions on their own, as a provider sends what cannot wait for a batch
                    for (int n = 1 + random.nextInt(3); n > 0 && i < txs.size(); n--) {
                        requests.add(new Request(p.id(), Kind.SINGLE, List.of(txs.get(i++))));
                    }
                    singles = false;
                    continue;
                }
                singles = random.nextInt(100) < SINGLES_AFTER_BATCH_PERCENT;
                int size = BATCH_MIN + random.nextInt(BATCH_MAX - BATCH_MIN + 1);
                List<Map<String, Object>> batch = List.copyOf(txs.subList(i, Math.min(txs.size(), i + size)));
                i += batch.size();
                requests.add(new Request(p.id(), Kind.BATCH, batch));
                if (++batches % 4 == 2) {
                    requests.add(new Request(p.id(), Kind.RESEND, batch));
                }
            }
            requests.add(new Request(p.id(), Kind.LATE, late));
            List<Map<String, Object>> conflicts = generator.conflictingResends(txs, CONFLICTS_PER_PROVIDER);
            if (!conflicts.isEmpty()) {
                requests.add(new Request(p.id(), Kind.CONFLICT, conflicts));
            }
            plan.put(p.id(), List.copyOf(requests));
            extensions.put(p.id(), new Extension(p.id(), new TransactionGenerator(p, tag + "-x", random.nextLong(),
                    start(day), start(day.plusDays(1))), new Random(random.nextLong())));
        }
    }

    /**
     * More of the same play for when the faults outlast the plan: batches (every fourth sent twice) from
     * a further seeded generator of the provider, so that every fault meets traffic. What it hands out
     * becomes part of {@link #originals()}.
     */
    final class Extension {

        private final String provider;
        private final TransactionGenerator generator;
        private final Random random;
        private final List<List<Map<String, Object>>> sentBatches = new ArrayList<>();
        private final int extensionMax;
        private Request resend;
        private int batches;
        private int extendedTransactions;
        private int cycle;

        private Extension(String provider, TransactionGenerator generator, Random random) {
            this.provider = provider;
            this.generator = generator;
            this.random = random;
            this.extensionMax = extensionMaxPerProvider;
        }

        synchronized Request next() {
            Request r;
            if (extendedTransactions >= extensionMax) {
                // enough new content held in memory: resend earlier extension batches (all duplicates)
                r = new Request(provider, Kind.RESEND, sentBatches.get(cycle++ % sentBatches.size()));
                extended.add(r);
                return r;
            }
            if (resend != null) {
                r = resend;
                resend = null;
            } else {
                r = new Request(provider, Kind.BATCH,
                        List.copyOf(generator.generate(BATCH_MIN + random.nextInt(BATCH_MAX - BATCH_MIN + 1))));
                if (++batches % 4 == 2) {
                    resend = new Request(provider, Kind.RESEND, r.transactions());
                }
                sentBatches.add(r.transactions());
                extendedTransactions += r.transactions().size();
            }
            extended.add(r);
            return r;
        }
    }

    Extension extension(String provider) {
        return extensions.get(provider);
    }

    private static Instant start(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Per provider, its requests in the order it sends them. */
    Map<String, List<Request>> plan() {
        return plan;
    }

    List<String> providers() {
        return List.copyOf(plan.keySet());
    }

    /** Every distinct transaction as first sent (conflicts are not originals), keyed by provider and id. */
    Map<String, Map<String, Object>> originals() {
        Map<String, Map<String, Object>> originals = new LinkedHashMap<>();
        List<Request> all = new ArrayList<>();
        plan.values().forEach(all::addAll);
        all.addAll(extended);
        all.forEach(r -> {
            if (r.kind() != Kind.CONFLICT) {
                r.transactions().forEach(tx -> originals.putIfAbsent(key(r.provider(), tx), tx));
            }
        });
        return originals;
    }

    static String key(String provider, Map<String, Object> tx) {
        return provider + "|" + tx.get("providerTxId");
    }

    int requestCount() {
        return plan.values().stream().mapToInt(List::size).sum() + extended.size();
    }
}
