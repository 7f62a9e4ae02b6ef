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
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Finance settles the demo day: loads the providers' contracts (YAML) and the ECB reference rates
 * (CSV, as published), waits for settlement's running aggregates to take in the day, closes it into
 * one DRAFT statement per provider and prints each statement's totals. Approval by the same FINANCE
 * client that closed the day is refused: maker-checker.
 */
final class SettlementStep implements DemoStep {

    private static final Duration AGGREGATE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STABLE_FOR = Duration.ofSeconds(3);
    private static final DateTimeFormatter ECB_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private GatewayClient gateway;
    private Console out;

    @Override
    public String title() {
        return "Finance loads contracts and FX rates, closes the day and reviews each provider's statement";
    }

    @Override
    public boolean run(DemoContext context) throws IOException, InterruptedException {
        this.gateway = context.gateway();
        this.out = context.out();
        LocalDate day = context.day();

        byte[] contracts;
        try (InputStream in = SettlementStep.class.getResourceAsStream("/demo/contracts.yml")) {
            contracts = in.readAllBytes();
        }
        GatewayClient.Answer loaded = gateway.upload("/v1/contracts/import", contracts, "application/yaml",
                GatewayClient.Role.FINANCE);
        if (loaded.status() != 200) {
            out.line("Contracts refused: HTTP " + loaded.status() + " " + loaded.body());
            return false;
        }
        for (JsonNode c : loaded.body().get("contracts")) {
            out.line(String.format("  contract %-16s v%d from %s %s", c.get("providerId").asString(),
                    c.get("version").asInt(), c.get("effectiveFrom").asString(),
                    c.get("created").asBoolean() ? "(new)" : "(already in force)"));
        }

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

        Instant t0 = Instant.now();
        GatewayClient.Answer closed = gateway.postJson("/v1/settlements/close",
                Map.of("businessDate", day.toString(), "reason", "demo day end"), GatewayClient.Role.FINANCE);
        double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        if (closed.body() == null || closed.body().get("statements") == null) {
            out.line("Close refused: HTTP " + closed.status() + " " + closed.body());
            return false;
        }
        out.line(String.format("Closed %s in %.2f s (HTTP %d): %d statements.", day, seconds, closed.status(),
                closed.body().get("statements").size()));
        for (JsonNode f : closed.body().get("failures")) {
            out.line("  could not close " + f.get("providerId").asString() + ": " + f.get("error").asString());
        }
        out.line("");
        out.line(String.format("%-16s %-3s %5s %-7s %6s %14s %11s %12s %14s  %s", "provider", "ccy", "lines", "status",
                "ver", "fees", "MG top-up", "carry out", "total payable", "sha256"));
        String firstId = null;
        for (JsonNode s : closed.body().get("statements")) {
            String id = s.get("statementId").asString();
            firstId = firstId == null ? id : firstId;
            JsonNode doc = gateway.get("/v1/statements/" + id, GatewayClient.Role.FINANCE).body().get("document");
            JsonNode totals = doc.get("totals");
            String ccy = s.get("settlementCurrency").asString();
            out.line(String.format("%-16s %-3s %5d %-7s %6d %14s %11s %12s %14s  %s...", s.get("providerId").asString(),
                    ccy, doc.get("lines").size(), s.get("status").asString(), s.get("version").asInt(),
                    money(totals.get("feesMinor").asLong(), ccy), money(totals.get("minimumGuaranteeTopUpMinor").asLong(), ccy),
                    money(totals.get("carryOutMinor").asLong(), ccy), s.get("totalPayable").asString(),
                    s.get("sha256").asString().substring(0, 12)));
        }
        out.line("(A negative result is not paid back: it is carried forward against the provider's next statements.)");
        if (firstId != null) {
            GatewayClient.Answer explain = gateway.get("/v1/statements/" + firstId + "/lines/1/explain",
                    GatewayClient.Role.FINANCE);
            if (explain.status() == 200) {
                JsonNode line = explain.body().get("line");
                out.line("");
                out.line("Line 1 of " + firstId + " explained: " + line.get("gameType").asString() + " "
                        + line.get("currency").asString() + " bets " + line.get("bets").asString() + ", wins "
                        + line.get("wins").asString() + ", GGR " + line.get("ggr").asString() + ", base "
                        + line.get("baseKind").asString() + " " + line.get("base").asString() + " × FX "
                        + line.get("fx").get("rate").asString() + " (" + line.get("fx").get("source").asString() + " "
                        + line.get("fx").get("rateDate").asString() + ") → fee " + line.get("fee").asString()
                        + " (rounding " + line.get("roundingApplied").asString() + ")");
            }
            GatewayClient.Answer selfApproval = gateway.postJson("/v1/statements/" + firstId + "/approve",
                    Map.of("reason", "demo"), GatewayClient.Role.FINANCE);
            out.line("Approval of " + firstId + " by the client that closed it: HTTP " + selfApproval.status()
                    + (selfApproval.body() != null && selfApproval.body().get("detail") != null
                    ? " — " + selfApproval.body().get("detail").asString() : ""));
        }
        return closed.status() == 200;
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
