package io.clearhouse.launcher.demo;

import io.clearhouse.launcher.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The demo day is settled without anyone closing it: finance loads the ECB reference rates (CSV, as
 * published), the demo waits for settlement's running aggregates to take in the day, then finance
 * loads the providers' contracts (YAML) and settlement's scheduler closes each provider's day by
 * itself (the day is past every provider's cut-off + grace; the embedded stack's scheduler ticks every
 * few seconds) into one DRAFT statement per provider, prepared by the scheduler. The demo waits for
 * them (bounded), prints each statement's totals and explains one line; a FINANCE client approves one
 * (never its preparer), a second records the payment, and the provider reads it with its own token.
 */
final class SettlementStep implements DemoStep {

    private static final Duration AGGREGATE_TIMEOUT = Duration.ofSeconds(120);
    /** The stack's scheduler ticks every few seconds (CLEARHOUSE_SETTLEMENT_AUTO_CLOSE_POLL_MS): this is ample. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STABLE_FOR = Duration.ofSeconds(3);
    private static final DateTimeFormatter ECB_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private GatewayClient gateway;
    private Console out;

    @Override
    public String title() {
        return "Finance loads FX rates and contracts; the scheduler closes the day; finance reviews the statements";
    }

    @Override
    public boolean run(DemoContext context) throws IOException, InterruptedException {
        this.gateway = context.gateway();
        this.out = context.out();
        LocalDate day = context.day();

        GatewayClient.Answer rates = gateway.upload("/v1/fx/rates/import?source=ECB", ecbCsv(day).getBytes(
                StandardCharsets.UTF_8), "text/csv", GatewayClient.Role.FINANCE);
        if (rates.status() != 200) {
            out.line("FX rates refused: HTTP " + rates.status() + " " + rates.body());
            return false;
        }
        out.line("  ECB reference rates loaded: " + rates.body().get("received").asInt() + " rates for "
                + day.minusDays(3) + " .. " + day);

        long counted = awaitAggregates(day);
        if (counted == 0) {
            out.line("Settlement counted no transaction for " + day + " within " + AGGREGATE_TIMEOUT.toSeconds()
                    + " s: is ingest publishing ledger.transactions.v1?");
            return false;
        }

        // the contracts come last: settlement's scheduler closes a provider's periods once it has a contract,
        // and the demo's day (in the past) is already beyond every provider's cut-off + grace
        byte[] contracts;
        try (InputStream in = SettlementStep.class.getResourceAsStream("/demo/contracts.yml")) {
            contracts = in.readAllBytes();
        }
        Instant loadedAt = Instant.now();
        GatewayClient.Answer loaded = gateway.upload("/v1/contracts/import", contracts, "application/yaml",
                GatewayClient.Role.FINANCE);
        if (loaded.status() != 200) {
            out.line("Contracts refused: HTTP " + loaded.status() + " " + loaded.body());
            return false;
        }
        Set<String> providers = new TreeSet<>();
        for (JsonNode c : loaded.body().get("contracts")) {
            providers.add(c.get("providerId").asString());
            out.line(String.format("  contract %-16s v%d from %s %s", c.get("providerId").asString(),
                    c.get("version").asInt(), c.get("effectiveFrom").asString(),
                    c.get("created").asBoolean() ? "(new)" : "(already in force)"));
        }

        out.line("Nobody closes the day: settlement's scheduler closes each provider's day at its cut-off + grace...");
        Map<String, JsonNode> closed = awaitStatements(day, providers);
        double seconds = Duration.between(loadedAt, Instant.now()).toMillis() / 1000.0;
        Set<String> preparers = new TreeSet<>();
        closed.values().forEach(s -> preparers.add(s.get("preparedBy").asString()));
        out.line(String.format("Closed %s automatically %.1f s after the contracts arrived: %d of %d providers, prepared by %s.",
                day, seconds, closed.size(), providers.size(), String.join(", ", preparers)));
        for (String p : providers) {
            if (!closed.containsKey(p)) {
                out.line("  " + p + " not closed within " + CLOSE_TIMEOUT.toSeconds() + " s: its cut-off + grace may not "
                        + "have passed yet, or the close is blocked (settlement log, clearhouse_settlement_close_blocked)");
            }
        }
        out.line("");
        out.line(String.format("%-16s %-3s %5s %-7s %3s %12s %11s %12s %10s %14s  %s", "provider", "ccy", "lines",
                "status", "ver", "fees", "MG top-up", "carry out", "agg. fee", "total payable", "sha256"));
        String firstId = null;
        String secondId = null;
        for (JsonNode s : closed.values()) {
            String id = s.get("statementId").asString();
            if (firstId == null) {
                firstId = id;
            } else if (secondId == null) {
                secondId = id;
            }
            JsonNode doc = gateway.get("/v1/statements/" + id, GatewayClient.Role.FINANCE).body().get("document");
            JsonNode totals = doc.get("totals");
            String ccy = s.get("settlementCurrency").asString();
            out.line(String.format("%-16s %-3s %5d %-7s %3d %12s %11s %12s %10s %14s  %s...", s.get("providerId").asString(),
                    ccy, doc.get("lines").size(), s.get("status").asString(), s.get("version").asInt(),
                    money(totals.get("feesMinor").asLong(), ccy), money(totals.get("minimumGuaranteeTopUpMinor").asLong(), ccy),
                    money(totals.get("carryOutMinor").asLong(), ccy), money(totals.get("aggregatorFeeMinor").asLong(), ccy),
                    s.get("totalPayable").asString(), s.get("sha256").asString().substring(0, 12)));
        }
        out.line("(total payable = fees + MG top-up + carry-forward in, at least zero, + aggregator fee. A negative result");
        out.line(" is not paid back: it is carried forward against the provider's next statements.)");
        if (firstId != null) {
            explainFirstLine(firstId);
            walkLifecycle(closed.get(closed.keySet().iterator().next()), secondId);
        }
        return closed.size() == providers.size();
    }

    /**
     * Waits (bounded) until each provider has a statement for the day, made by the scheduler; returns
     * the latest version of each by provider id, in provider order.
     */
    private Map<String, JsonNode> awaitStatements(LocalDate day, Set<String> providers)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(CLOSE_TIMEOUT);
        Map<String, JsonNode> found = new TreeMap<>();
        while (true) {
            GatewayClient.Answer a = gateway.get("/v1/statements?from=" + day + "&to=" + day + "&limit=1000",
                    GatewayClient.Role.FINANCE);
            found.clear();
            if (a.status() == 200 && a.body() != null) {
                for (JsonNode s : a.body()) {
                    String p = s.get("providerId").asString();
                    // newest version first for each provider
                    if (providers.contains(p) && !"SUPERSEDED".equals(s.get("status").asString())) {
                        found.putIfAbsent(p, s);
                    }
                }
            }
            if (found.keySet().containsAll(providers) || Instant.now().isAfter(deadline)) {
                return found;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** Line 1 of a statement, from its aggregates through each contract term to the rounded fee. */
    private void explainFirstLine(String statementId) throws IOException, InterruptedException {
        GatewayClient.Answer explain = gateway.get("/v1/statements/" + statementId + "/lines/1/explain",
                GatewayClient.Role.FINANCE);
        if (explain.status() != 200) {
            out.line("Explaining line 1 of " + statementId + " failed: HTTP " + explain.status());
            return;
        }
        JsonNode line = explain.body().get("line");
        String ccy = line.get("currency").asString();
        out.line("");
        out.line("Line 1 of " + statementId + " explained (" + line.get("gameType").asString() + ", " + ccy + "):");
        out.line(String.format("  bets %s - rollbacks %s - wins %s = GGR %s   (free-round wins %s, jackpot contributions %s)",
                line.get("bets").asString(), line.get("rollbacks").asString(), line.get("wins").asString(),
                line.get("ggr").asString(), line.get("freeRoundWins").asString(),
                line.get("jackpotContributions").asString()));
        for (JsonNode d : line.get("deductions")) {
            out.line(String.format("  - %s %s -> %s", d.get("name").asString(), d.get("amount").asString(),
                    d.get("remaining").asString()));
        }
        JsonNode fx = line.get("fx");
        out.line(String.format("  NGR %s; base %s %s x FX %s %s/%s (%s %s) = %s; fee %s (exact %s, rounding %s)",
                line.get("ngr").asString(), line.get("baseKind").asString(), line.get("base").asString(),
                fx.get("rate").asString(), fx.get("from").asString(), fx.get("to").asString(),
                fx.get("source").asString(), fx.get("rateDate").asString(), line.get("baseConverted").asString(),
                line.get("fee").asString(), line.get("feeExact").asString(), line.get("roundingApplied").asString()));
    }

    /**
     * Maker-checker: the scheduler prepared the statement, so a FINANCE person approves it (never its
     * preparer); a second FINANCE client records the payment. Then the provider reads its own statement
     * through the gateway with its PROVIDER token, and gets 404 for another provider's draft.
     */
    private void walkLifecycle(JsonNode statement, String otherId) throws IOException, InterruptedException {
        String statementId = statement.get("statementId").asString();
        String provider = statement.get("providerId").asString();
        String path = "/v1/statements/" + statementId;
        out.line("");
        out.line(statementId + " was prepared by " + statement.get("preparedBy").asString()
                + "; the approver must be someone else.");
        GatewayClient.Answer approved = gateway.postJson(path + "/approve", Map.of("reason", "figures checked"),
                GatewayClient.Role.FINANCE);
        out.line("Approval by a FINANCE client: " + outcome(approved));
        if (approved.status() == 200) {
            GatewayClient.Answer paid = gateway.postJson(path + "/pay",
                    Map.of("paymentReference", "DEMO-" + statementId.replace(':', '-'), "reason", "paid by transfer"),
                    GatewayClient.Role.FINANCE_CHECKER);
            out.line("Payment recorded by a second FINANCE client: " + outcome(paid));
        }
        GatewayClient.Answer own = gateway.get(path + "?providerId=" + provider, GatewayClient.Role.PROVIDER);
        out.line("Provider " + provider + " reads its own statement with its PROVIDER token: " + outcome(own));
        if (otherId != null) {
            GatewayClient.Answer other = gateway.get("/v1/statements/" + otherId + "?providerId=" + provider,
                    GatewayClient.Role.PROVIDER);
            out.line("... and another provider's draft " + otherId + ": HTTP " + other.status());
        }
    }

    private static String outcome(GatewayClient.Answer a) {
        JsonNode body = a.body();
        if (body == null) {
            return "HTTP " + a.status();
        }
        if (a.status() / 100 != 2) {
            return "HTTP " + a.status() + " - " + body.path("detail").asString("");
        }
        return "HTTP " + a.status() + " -> " + body.path("status").asString("?");
    }

    /** Waits until the day's aggregates stop growing (bounded); returns the transactions counted. */
    private long awaitAggregates(LocalDate day) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(AGGREGATE_TIMEOUT);
        long last = -1;
        Instant stableSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            GatewayClient.Answer a = gateway.get("/v1/settlements/aggregates?businessDate=" + day,
                    GatewayClient.Role.FINANCE);
            long n = 0;
            if (a.status() == 200 && a.body() != null) {
                for (JsonNode row : a.body()) {
                    n += row.get("transactions").asLong();
                }
            }
            if (n != last) {
                last = n;
                stableSince = Instant.now();
            } else if (n > 0 && Duration.between(stableSince, Instant.now()).compareTo(STABLE_FOR) >= 0) {
                out.line(String.format("  settlement has counted %,d transactions for %s", n, day));
                return n;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return Math.max(last, 0);
    }

    /** The ECB daily reference-rate layout, one row per day (EUR base), for the day and three before it. */
    private static String ecbCsv(LocalDate day) {
        Map<String, String> rates = new LinkedHashMap<>();
        rates.put("USD", "1.0512");
        rates.put("JPY", "162.44");
        rates.put("KRW", "1471.93");
        rates.put("GBP", "0.8331");
        StringBuilder csv = new StringBuilder("Date, " + String.join(", ", rates.keySet()) + ", \n");
        for (int back = 0; back <= 3; back++) {
            csv.append(day.minusDays(back).format(ECB_DATE));
            rates.values().forEach(r -> csv.append(", ").append(r));
            csv.append(", \n");
        }
        return csv.toString();
    }

    private static String money(long minor, String currency) {
        int exp = io.clearhouse.common.money.Currencies.exponentOf(currency);
        return java.math.BigDecimal.valueOf(minor, exp).toPlainString();
    }
}
