package io.clearhouse.launcher.chaos;

import io.clearhouse.common.money.Money;
import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.demo.GatewayClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Judges a chaos run from the database, against what the workload knows it sent:
 * <ul>
 *   <li>every transaction the gateway accepted (202) is recorded by ingest exactly once, with the
 *       content first sent (a conflicting resend never replaces it);</li>
 *   <li>settlement counted every recorded transaction exactly once;</li>
 *   <li>the figures statements are computed from — settlement's sums per provider, brand, currency
 *       and game type — equal the sums computed from the known workload (bets, wins, rollbacks,
 *       free-round wins, jackpot contributions), so a statement of the day is the one a fault-free
 *       run of the same seed produces; their SHA-256 is printed to compare runs;</li>
 *   <li>ingest's audit chain verifies ({@code GET /v1/audit/verify}).</li>
 * </ul>
 * Lost and duplicated transactions are attributed to the fault during which they were first sent.
 */
final class Checker {

    private final Stack stack;
    private final GatewayClient gateway;
    private final Console out;

    Checker(Stack stack, GatewayClient gateway, Console out) {
        this.stack = stack;
        this.gateway = gateway;
        this.out = out;
    }

    /** One line of the table. */
    record Row(String fault, int count, long transactions, long lost, long duplicated, String note) {
        boolean pass() {
            return lost == 0 && duplicated == 0;
        }
    }

    /**
     * Everything the checker found.
     *
     * @param unconfirmed        transactions whose every request went unanswered (not counted as accepted)
     * @param wrongContent       recorded with other content than first sent
     * @param figureMismatches   (provider, brand, currency, game type) groups whose settlement sums differ from expected
     * @param expectedFigures    SHA-256 of the expected figures (the same for every run of a seed and size)
     * @param settledFigures     SHA-256 of settlement's figures
     */
    record Verdicts(List<Row> rows, long accepted, long recorded, long counted, long unconfirmed, long wrongContent,
                    long figureGroups, long figureMismatches, String expectedFigures, String settledFigures,
                    Boolean auditIntact, String auditNote) {

        boolean pass() {
            return rows.stream().allMatch(Row::pass) && accepted == recorded && recorded == counted
                    && wrongContent == 0 && figureMismatches == 0 && Boolean.TRUE.equals(auditIntact);
        }
    }

    Verdicts check(Workload workload, Map<String, ProviderSender.Outcome> outcomes,
                   List<ChaosRun.Injected> injected, Duration judgeTimeout) throws Exception {
        Map<String, Map<String, Object>> originals = workload.originals();
        Set<String> accepted = new HashSet<>();
        outcomes.forEach((k, o) -> {
            if (o.accepted()) {
                accepted.add(k);
            }
        });
        long unconfirmed = originals.size() - accepted.size();
        String[] providers = workload.providers().toArray(String[]::new);

        Snapshot s = awaitCaughtUp(providers, accepted.size(), judgeTimeout);

        // per transaction key: lost (accepted, never recorded or never counted) and duplicated (more than once)
        Map<String, Integer> lost = new HashMap<>();
        Map<String, Integer> duplicated = new HashMap<>();
        long wrong = 0;
        for (String key : accepted) {
            List<Recorded> rows = s.ingest().getOrDefault(key, List.of());
            if (rows.isEmpty()) {
                lost.merge(key, 1, Integer::sum);
                continue;
            }
            if (rows.size() > 1) {
                duplicated.merge(key, rows.size() - 1, Integer::sum);
            }
            Map<String, Object> tx = originals.get(key);
            long minor = Money.parse((String) tx.get("amount"), (String) tx.get("currency")).minor();
            if (rows.get(0).amountMinor() != minor) {
                wrong++;
            }
            int counted = s.settlementCounts().getOrDefault(rows.get(0).transactionId(), 0);
            if (counted == 0) {
                lost.merge(key, 1, Integer::sum);
            }
        }
        s.settlementDuplicates().forEach(key -> duplicated.merge(key, 1, Integer::sum));

        Map<String, long[]> expected = expectedFigures(originals, accepted);
        long mismatches = 0;
        Set<String> groups = new HashSet<>(expected.keySet());
        groups.addAll(s.figures().keySet());
        for (String g : groups) {
            if (!java.util.Arrays.equals(expected.get(g), s.figures().get(g))) {
                mismatches++;
                if (mismatches <= 5) {
                    out.line("  figures differ for " + g + ": expected " + java.util.Arrays.toString(expected.get(g))
                            + ", settlement " + java.util.Arrays.toString(s.figures().get(g)));
                }
            }
        }

        List<Row> rows = new java.util.ArrayList<>();
        Map<String, ProviderSender.Outcome> sentAt = outcomes;
        Map<String, List<ChaosRun.Injected>> byLabel = new java.util.LinkedHashMap<>();
        injected.forEach(i -> byLabel.computeIfAbsent(i.fault().label(), l -> new java.util.ArrayList<>()).add(i));
        Set<String> attributed = new HashSet<>();
        for (Map.Entry<String, List<ChaosRun.Injected>> e : byLabel.entrySet()) {
            Set<String> during = new HashSet<>();
            sentAt.forEach((k, o) -> {
                for (ChaosRun.Injected i : e.getValue()) {
                    if (!o.firstSentAt().isBefore(i.start()) && !o.firstSentAt().isAfter(i.end())) {
                        during.add(k);
                    }
                }
            });
            attributed.addAll(during);
            boolean recovered = e.getValue().stream().allMatch(ChaosRun.Injected::recovered);
            rows.add(row(e.getKey(), e.getValue().size(), during, lost, duplicated,
                    (recovered ? "" : "NOT RECOVERED; ") + e.getValue().get(e.getValue().size() - 1).note()));
        }
        Set<String> outside = new HashSet<>(sentAt.keySet());
        outside.removeAll(attributed);
        rows.add(row("(no fault running)", 0, outside, lost, duplicated, ""));
        rows.add(row("total", injected.size(), sentAt.keySet(), lost, duplicated, ""));

        Boolean intact = null;
        String auditNote;
        try {
            GatewayClient.Answer a = gateway.get("/v1/audit/verify", GatewayClient.Role.AUDITOR);
            if (a.status() == 200 && a.body() != null) {
                intact = a.body().path("intact").asBoolean();
                auditNote = String.format("%d entries, %d batches, %d transactions recomputed",
                        a.body().path("entriesChecked").asLong(), a.body().path("batchesChecked").asLong(),
                        a.body().path("transactionsChecked").asLong())
                        + (intact ? "" : "; first broken: " + a.body().path("firstBroken"));
            } else {
                auditNote = "HTTP " + a.status() + " " + a.body();
            }
        } catch (Exception e) {
            auditNote = "not answered: " + e.getMessage();
        }
        long recordedAccepted = accepted.stream().filter(k -> s.ingest().containsKey(k)).count();
        long countedAccepted = accepted.stream().filter(k -> s.ingest().containsKey(k)
                && s.settlementCounts().containsKey(s.ingest().get(k).get(0).transactionId())).count();
        return new Verdicts(rows, accepted.size(), recordedAccepted, countedAccepted, unconfirmed, wrong,
                expected.size(), mismatches, hash(expected), hash(s.figures()), intact, auditNote);
    }

    private static Row row(String label, int count, Set<String> keys, Map<String, Integer> lost,
                           Map<String, Integer> duplicated, String note) {
        long l = keys.stream().filter(lost::containsKey).count();
        long d = keys.stream().mapToLong(k -> duplicated.getOrDefault(k, 0)).sum();
        return new Row(label, count, keys.size(), l, d, note);
    }

    private record Recorded(String transactionId, long amountMinor) {
    }

    /**
     * @param ingest               key to ingest rows
     * @param settlementCounts     ingest transaction id to how many times settlement processed it
     * @param settlementDuplicates keys settlement processed under more than one transaction id
     * @param figures              group to sums
     */
    private record Snapshot(Map<String, List<Recorded>> ingest, Map<String, Integer> settlementCounts,
                            Set<String> settlementDuplicates, Map<String, long[]> figures) {
    }

    /** Reads until ingest recorded what was accepted and settlement counted what ingest recorded, or the timeout. */
    private Snapshot awaitCaughtUp(String[] providers, int accepted, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Instant t0 = Instant.now();
        while (true) {
            // counts while waiting; the rows are read once, at the end (a long run records 100,000s)
            long[] c = counts(providers);
            long recorded = c[0];
            long counted = c[1];
            if (recorded >= accepted && counted >= c[2]) {
                out.line(String.format("Ingest and settlement caught up %d s after the workload.",
                        Duration.between(t0, Instant.now()).toSeconds()));
                return read(providers);
            }
            if (Instant.now().isAfter(deadline)) {
                out.line(String.format("Not caught up after %d s (recorded %d of %d accepted, counted %d): judging as is.",
                        timeout.toSeconds(), recorded, accepted, counted));
                return read(providers);
            }
            TimeUnit.SECONDS.sleep(2);
        }
    }

    /** Distinct keys recorded by ingest, transactions counted by settlement, rows recorded by ingest. */
    private long[] counts(String[] providers) throws Exception {
        try (Connection c = stack.superuserConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT count(DISTINCT (provider_id, provider_tx_id)) FROM ingest.transactions"
                        + " WHERE provider_id = ANY(?)),"
                        + " (SELECT count(*) FROM settlement.processed_transactions WHERE provider_id = ANY(?)),"
                        + " (SELECT count(*) FROM ingest.transactions WHERE provider_id = ANY(?))")) {
            Array ids = c.createArrayOf("text", providers);
            for (int i = 1; i <= 3; i++) {
                ps.setArray(i, ids);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    private Snapshot read(String[] providers) throws Exception {
        Map<String, List<Recorded>> ingest = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Set<String> settlementDuplicates = new HashSet<>();
        Map<String, long[]> figures = new TreeMap<>();
        try (Connection c = stack.superuserConnection()) {
            Array ids = c.createArrayOf("text", providers);
            try (PreparedStatement ps = c.prepareStatement("SELECT provider_id, provider_tx_id, transaction_id::text,"
                    + " amount_minor FROM ingest.transactions WHERE provider_id = ANY(?)")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ingest.computeIfAbsent(rs.getString("provider_id") + "|" + rs.getString("provider_tx_id"),
                                k -> new java.util.ArrayList<>())
                                .add(new Recorded(rs.getString("transaction_id"), rs.getLong("amount_minor")));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT transaction_id, provider_id, provider_tx_id"
                    + " FROM settlement.processed_transactions WHERE provider_id = ANY(?)")) {
                ps.setArray(1, ids);
                Map<String, String> seen = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.merge(rs.getString("transaction_id"), 1, Integer::sum);
                        String key = rs.getString("provider_id") + "|" + rs.getString("provider_tx_id");
                        String previous = seen.put(key, rs.getString("transaction_id"));
                        if (previous != null && !previous.equals(rs.getString("transaction_id"))) {
                            settlementDuplicates.add(key);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT provider_id, brand_id, currency, game_type, sum(bet_count), sum(bet_minor), sum(win_count),
                           sum(win_minor), sum(rollback_count), sum(rollback_minor), sum(free_round_win_count),
                           sum(free_round_win_minor), sum(jackpot_contribution_minor)
                      FROM settlement.aggregates WHERE provider_id = ANY(?)
                     GROUP BY provider_id, brand_id, currency, game_type""")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] v = new long[9];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = rs.getLong(5 + i);
                        }
                        figures.put(group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), v);
                    }
                }
            }
        }
        return new Snapshot(ingest, counts, settlementDuplicates, figures);
    }

    /** The sums settlement must hold, computed from the transactions the gateway accepted, as first sent. */
    static Map<String, long[]> expectedFigures(Map<String, Map<String, Object>> originals, Set<String> accepted) {
        Map<String, long[]> figures = new TreeMap<>();
        originals.forEach((key, tx) -> {
            if (!accepted.contains(key)) {
                return;
            }
            String provider = key.substring(0, key.indexOf('|'));
            String currency = (String) tx.get("currency");
            long[] v = figures.computeIfAbsent(group(provider, (String) tx.get("brandId"), currency,
                    (String) tx.get("gameType")), g -> new long[9]);
            long minor = Money.parse((String) tx.get("amount"), currency).minor();
            boolean freeRound = Boolean.TRUE.equals(tx.get("freeRound"));
            switch ((String) tx.get("type")) {
                case "BET" -> {
                    v[0]++;
                    v[1] += minor;
                    Object jackpot = tx.get("jackpotContribution");
                    if (jackpot != null) {
                        v[8] += Money.parse((String) jackpot, currency).minor();
                    }
                }
                case "WIN" -> {
                    if (freeRound) {
                        v[6]++;
                        v[7] += minor;
                    } else {
                        v[2]++;
                        v[3] += minor;
                    }
                }
                case "ROLLBACK" -> {
                    v[4]++;
                    v[5] += minor;
                }
                case "FREE_ROUND_WIN" -> {
                    v[6]++;
                    v[7] += minor;
                }
                default -> throw new IllegalStateException("the workload sends no " + tx.get("type"));
            }
        });
        return figures;
    }

    private static String group(String provider, String brand, String currency, String gameType) {
        return provider + " " + brand + " " + currency.trim() + " " + gameType;
    }

    /** SHA-256 over the figures in key order: equal for equal figures whatever the run. */
    static String hash(Map<String, long[]> figures) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(figures).forEach((k, v) -> sha.update((k + "=" + java.util.Arrays.toString(v) + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
