package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Console;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A simulated day of several providers pushed through the gateway over HTTP, then a summary of
 * what ingest recorded. Providers misbehave as real ones do: they resend some batches after a
 * timeout (duplicates: no new rows), send some rollbacks before their bets (parked, then applied),
 * resend a few transactions with another amount (conflicts: the original stands) and roll back a win
 * (refused with a reason). The summary shows each of these handled.
 */
final class IngestDayStep implements DemoStep {

    static final int TRANSACTIONS_PER_PROVIDER = 1_500;
    static final int BATCH_SIZE = 250;
    static final int CONFLICTS_PER_PROVIDER = 3;
    static final int ROLLBACKS_OF_WINS_PER_PROVIDER = 1;
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(120);
    private static final String SUMMARY = "/v1/ingest/summary";
    /** Summary columns this step reads, in the order of the per-key arrays below. */
    private static final List<String> COLUMNS =
            List.of("recorded", "duplicates", "conflicts", "rollbacks", "rollbacksEarly", "rejected");

    /** Facts key: provider id to the transactions (wire maps) this run sent for it (faults excluded). */
    static final String SENT = "ingest.sent";

    private GatewayClient gateway;
    private Console out;

    @Override
    public String title() {
        return "Providers push a day of play through the gateway";
    }

    /** Per provider and currency: what was sent and what the gateway accepted. */
    private record Tally(long sent, long accepted, long resent) {
        Tally plus(Tally o) {
            return new Tally(sent + o.sent, accepted + o.accepted, resent + o.resent);
        }
    }

    /** What ingest must show once everything is judged (lower bounds: other runs may add). */
    private record Expected(long rows, long duplicates, long conflicts, long rollbacks, long early, long rejected) {
    }

    @Override
    public boolean run(DemoContext context) throws IOException, InterruptedException {
        this.gateway = context.gateway();
        this.out = context.out();
        @SuppressWarnings("unchecked")
        Map<String, ProviderSettingsStep.BusinessDay> businessDays = (Map<String, ProviderSettingsStep.BusinessDay>)
                context.facts().getOrDefault(ProviderSettingsStep.BUSINESS_DAYS, Map.of());
        Random random = new Random(42);
        String runTag = context.runTag();
        Map<String, List<Map<String, Object>>> sent = new TreeMap<>();
        context.facts().put(SENT, sent);
        Map<String, long[]> before = counts(gateway.get(SUMMARY, GatewayClient.Role.OPERATOR).body());
        Map<String, Tally> tallies = new TreeMap<>();
        long rows = 0;
        long duplicates = 0;
        long conflicts = 0;
        long rollbacks = 0;
        long early = 0;
        long rejected = 0;
        Instant t0 = Instant.now();
        out.line("Sending a simulated day of play (business day " + context.day() + ", each provider's own) through "
                + "the gateway...");
        for (SimulatedProvider provider : SimulatedProvider.demoProviders()) {
            ProviderSettingsStep.BusinessDay bd = businessDays.getOrDefault(provider.id(),
                    new ProviderSettingsStep.BusinessDay(provider.id(), ZoneOffset.UTC, 0));
            Instant dayStart = context.day().atTime(bd.cutoffHour(), 0).atZone(bd.zone()).toInstant();
            Instant dayEnd = context.day().plusDays(1).atTime(bd.cutoffHour(), 0).atZone(bd.zone()).toInstant();
            TransactionGenerator generator = new TransactionGenerator(provider, runTag, random.nextLong(), dayStart,
                    dayEnd);
            List<Map<String, Object>> txs = generator.generate(TRANSACTIONS_PER_PROVIDER);
            sent.put(provider.id(), txs);
            boolean all = true;
            for (int from = 0; from < txs.size(); from += BATCH_SIZE) {
                List<Map<String, Object>> batch = txs.subList(from, Math.min(txs.size(), from + BATCH_SIZE));
                boolean accepted = post(provider.id(), batch, tallies, false);
                all &= accepted;
                if (accepted) {
                    rows += batch.size();
                }
                // every fourth batch is sent again, as a provider retrying after a lost answer
                if (from / BATCH_SIZE % 4 == 1 && post(provider.id(), batch, tallies, true)) {
                    duplicates += batch.size();
                }
            }
            if (all) {
                rollbacks += generator.rollbacks();
                early += generator.earlyRollbacks();
            }
            // then the provider contradicts itself: other amounts for known ids, a rollback of a win
            List<Map<String, Object>> changed = generator.conflictingResends(txs, CONFLICTS_PER_PROVIDER);
            if (post(provider.id(), changed, tallies, true)) {
                conflicts += changed.size();
            }
            List<Map<String, Object>> wrongRollbacks = generator.rollbacksOfWins(txs, ROLLBACKS_OF_WINS_PER_PROVIDER);
            if (post(provider.id(), wrongRollbacks, tallies, false)) {
                rejected += wrongRollbacks.size();
            }
        }
        double sendSeconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        out.line(String.format("Sent in %.1f s; waiting for ingest to record %d transactions...", sendSeconds, rows));

        Expected expected = new Expected(rows, duplicates, conflicts, rollbacks, early, rejected);
        Map<String, long[]> delta = awaitJudged(before, expected);
        printSummary(tallies, delta);
        if (delta != null) {
            out.line(String.format("Handled: %d duplicate deliveries absorbed, %d conflicts kept for operators "
                            + "(original stands), %d rollbacks applied once (%d arrived before their bet), "
                            + "%d refused with a reason.", sum(delta, 1), sum(delta, 2), sum(delta, 3), sum(delta, 4),
                    sum(delta, 5)));
        }
        return delta != null;
    }

    private boolean post(String providerId, List<Map<String, Object>> batch, Map<String, Tally> tallies, boolean resend)
            throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            return true;
        }
        GatewayClient.Answer answer = gateway.postBatch(providerId, batch);
        boolean accepted = answer.status() == 202;
        if (!accepted) {
            out.line("  batch for " + providerId + " refused: HTTP " + answer.status() + " " + answer.body());
        }
        for (Map<String, Object> tx : batch) {
            String key = providerId + " " + tx.get("currency");
            tallies.merge(key, new Tally(1, accepted ? 1 : 0, resend ? 1 : 0), Tally::plus);
        }
        return accepted;
    }

    /** Waits until this run's transactions are all judged; returns per-key deltas (null on timeout). */
    private Map<String, long[]> awaitJudged(Map<String, long[]> before, Expected expected)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(RECORD_TIMEOUT);
        Instant t0 = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            GatewayClient.Answer answer = gateway.get(SUMMARY, GatewayClient.Role.OPERATOR);
            if (answer.status() == 200) {
                Map<String, long[]> delta = counts(answer.body());
                delta.forEach((k, v) -> {
                    long[] b = before.getOrDefault(k, new long[COLUMNS.size()]);
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= b[i];
                    }
                });
                if (sum(delta, 0) >= expected.rows() && sum(delta, 1) >= expected.duplicates()
                        && sum(delta, 2) >= expected.conflicts() && sum(delta, 3) >= expected.rollbacks()
                        && sum(delta, 4) >= expected.early() && sum(delta, 5) >= expected.rejected()) {
                    out.line(String.format("All judged %.1f s after the last send.",
                            Duration.between(t0, Instant.now()).toMillis() / 1000.0));
                    return delta;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        out.line("Ingest did not judge everything within " + RECORD_TIMEOUT.toSeconds() + " s.");
        return null;
    }

    private static long sum(Map<String, long[]> delta, int column) {
        return delta == null ? 0 : delta.values().stream().mapToLong(v -> v[column]).sum();
    }

    /** provider + " " + currency to the {@link #COLUMNS} counts. */
    private static Map<String, long[]> counts(JsonNode summary) {
        Map<String, long[]> counts = new TreeMap<>();
        if (summary != null && summary.isArray()) {
            for (JsonNode row : summary) {
                long[] v = new long[COLUMNS.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = row.path(COLUMNS.get(i)).asLong(0);
                }
                counts.put(row.get("providerId").asString() + " " + row.get("currency").asString(), v);
            }
        }
        return counts;
    }

    private void printSummary(Map<String, Tally> tallies, Map<String, long[]> judged) {
        out.line("");
        String format = "%-16s %-4s %8s %9s %9s %11s %10s %10s %6s %9s";
        out.line(String.format(format, "provider", "ccy", "sent", "accepted", "recorded", "duplicates", "conflicts",
                "rollbacks", "early", "rejected"));
        long[] totals = new long[8];
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            String[] key = e.getKey().split(" ");
            long[] r = judged == null ? new long[COLUMNS.size()] : judged.getOrDefault(e.getKey(), new long[COLUMNS.size()]);
            Tally t = e.getValue();
            out.line(String.format(format, key[0], key[1], t.sent(), t.accepted(), r[0], r[1], r[2], r[3], r[4], r[5]));
            totals[0] += t.sent();
            totals[1] += t.accepted();
            for (int i = 0; i < 6; i++) {
                totals[i + 2] += r[i];
            }
        }
        out.line(String.format("%-21s %8d %9d %9d %11d %10d %10d %6d %9d", "total", totals[0], totals[1], totals[2],
                totals[3], totals[4], totals[5], totals[6], totals[7]));
    }
}
