package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Console;
import java.util.List;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A simulated day of several providers pushed through the gateway over HTTP, then a summary of
 * what ingest recorded. Providers resend some batches, as real ones do after a timeout: those
 * must come back as duplicates, never as new rows.
 */
final class IngestDayStep implements DemoStep {

    static final int TRANSACTIONS_PER_PROVIDER = 1_500;
    static final int BATCH_SIZE = 250;
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(120);
    private static final String SUMMARY = "/v1/ingest/summary";

    /** Facts key: provider id to the transactions (wire maps) this run sent for it. */
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

    @Override
    public boolean run(DemoContext context) throws IOException, InterruptedException {
        this.gateway = context.gateway();
        this.out = context.out();
        Instant dayStart = context.day().atStartOfDay(ZoneOffset.UTC).toInstant();
        Random random = new Random(42);
        String runTag = context.runTag();
        Map<String, List<Map<String, Object>>> sent = new TreeMap<>();
        context.facts().put(SENT, sent);
        Map<String, long[]> before = counts(gateway.get(SUMMARY, GatewayClient.Role.OPERATOR).body());
        Map<String, Tally> tallies = new TreeMap<>();
        long uniqueAccepted = 0;
        long resentAccepted = 0;
        Instant t0 = Instant.now();
        out.line("Sending a simulated day of play (" + dayStart.toString().substring(0, 10) + ") through the gateway...");
        for (SimulatedProvider provider : SimulatedProvider.demoProviders()) {
            List<Map<String, Object>> txs = new TransactionGenerator(provider, runTag, random.nextLong(), dayStart)
                    .generate(TRANSACTIONS_PER_PROVIDER);
            sent.put(provider.id(), txs);
            for (int from = 0; from < txs.size(); from += BATCH_SIZE) {
                List<Map<String, Object>> batch = txs.subList(from, Math.min(txs.size(), from + BATCH_SIZE));
                boolean accepted = post(provider.id(), batch, tallies, false);
                if (accepted) {
                    uniqueAccepted += batch.size();
                }
                // every fourth batch is sent again, as a provider retrying after a lost answer
                if (from / BATCH_SIZE % 4 == 1 && post(provider.id(), batch, tallies, true)) {
                    resentAccepted += batch.size();
                }
            }
        }
        double sendSeconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        out.line(String.format("Sent in %.1f s; waiting for ingest to record %d transactions...", sendSeconds,
                uniqueAccepted));

        Map<String, long[]> delta = awaitRecorded(before, uniqueAccepted, resentAccepted);
        printSummary(tallies, delta);
        return delta != null;
    }

    private boolean post(String providerId, List<Map<String, Object>> batch, Map<String, Tally> tallies, boolean resend)
            throws IOException, InterruptedException {
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

    /** Waits until this run's rows and duplicates are all recorded; returns per-key deltas. */
    private Map<String, long[]> awaitRecorded(Map<String, long[]> before, long expectedRows, long expectedDuplicates)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(RECORD_TIMEOUT);
        Instant t0 = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            GatewayClient.Answer answer = gateway.get(SUMMARY, GatewayClient.Role.OPERATOR);
            if (answer.status() == 200) {
                Map<String, long[]> delta = counts(answer.body());
                delta.forEach((k, v) -> {
                    long[] b = before.getOrDefault(k, new long[3]);
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= b[i];
                    }
                });
                long rows = delta.values().stream().mapToLong(v -> v[0]).sum();
                long duplicates = delta.values().stream().mapToLong(v -> v[1]).sum();
                if (rows >= expectedRows && duplicates >= expectedDuplicates) {
                    out.line(String.format("All recorded %.1f s after the last send.",
                            Duration.between(t0, Instant.now()).toMillis() / 1000.0));
                    return delta;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        out.line("Ingest did not record everything within " + RECORD_TIMEOUT.toSeconds() + " s.");
        return null;
    }

    /** provider + " " + currency to {recorded, duplicates, conflicts}. */
    private static Map<String, long[]> counts(JsonNode summary) {
        Map<String, long[]> counts = new TreeMap<>();
        if (summary != null) {
            for (JsonNode row : summary) {
                counts.put(row.get("providerId").asString() + " " + row.get("currency").asString(), new long[] {
                        row.get("recorded").asLong(), row.get("duplicates").asLong(), row.get("conflicts").asLong()});
            }
        }
        return counts;
    }

    private void printSummary(Map<String, Tally> tallies, Map<String, long[]> recorded) {
        out.line("");
        out.line(String.format("%-16s %-4s %8s %9s %9s %11s", "provider", "ccy", "sent", "accepted", "recorded",
                "duplicates"));
        long[] totals = new long[4];
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            String[] key = e.getKey().split(" ");
            long[] r = recorded == null ? new long[3] : recorded.getOrDefault(e.getKey(), new long[3]);
            Tally t = e.getValue();
            out.line(String.format("%-16s %-4s %8d %9d %9d %11d", key[0], key[1], t.sent(), t.accepted(), r[0], r[1]));
            totals[0] += t.sent();
            totals[1] += t.accepted();
            totals[2] += r[0];
            totals[3] += r[1];
        }
        out.line(String.format("%-21s %8d %9d %9d %11d", "total", totals[0], totals[1], totals[2], totals[3]));
    }
}
