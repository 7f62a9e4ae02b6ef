package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StatementMatchingIT extends ReconciliationITBase {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @Test
    void aStatementWithOneInjectedBreakOfEveryClassReconcilesToExactlyThoseBreaks() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 200, 7);
        Ledger.record(day.recorded);
        // noise the match must ignore: another provider with the same ids, the same provider far away in time
        Ledger.record(new DayFixture(newProvider(), DAY, 50, 8).recorded);
        Ledger.record(List.of(new Ledger.Tx(provider, "far-away", "BET", 100, "EUR",
                DAY.plusDays(10).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), DAY.plusDays(10))));

        day.line("tx-1").amountMinor += 1;                                   // AMOUNT_MISMATCH
        day.line("tx-2").currency = day.line("tx-2").currency.equals("EUR") ? "GBP" : "EUR"; // CURRENCY_MISMATCH
        day.line("tx-4").type = "ROLLBACK";                                  // TYPE_MISMATCH
        day.line("tx-199").businessDate = DAY.plusDays(1);                   // TIMING: the provider's day after the cut-off
        day.lines.removeIf(l -> l.providerTxId.equals("tx-5"));              // MISSING_PROVIDER
        DayFixture.Line extra = day.line("tx-7").copy();
        extra.providerTxId = "only-provider-knows";                          // MISSING_INTERNAL
        day.lines.add(extra);
        day.lines.add(day.line("tx-6").copy());                              // DUPLICATE

        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        long statementId = up.body().get("statement").get("id").asLong();
        JsonNode run = awaitRun(up.body().get("runId").asLong());

        Map<String, Long> counts = counts(run);
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MATCHED", 195L, "AMOUNT_MISMATCH", 1L, "CURRENCY_MISMATCH", 1L, "TYPE_MISMATCH", 1L, "TIMING", 1L,
                "MISSING_INTERNAL", 1L, "MISSING_PROVIDER", 1L, "DUPLICATE", 1L));
        Map<String, String> breaks = breaksOf(provider);
        assertThat(breaks).containsExactlyInAnyOrderEntriesOf(Map.of(
                "tx-1", "AMOUNT_MISMATCH", "tx-2", "CURRENCY_MISMATCH", "tx-4", "TYPE_MISMATCH", "tx-199", "TIMING",
                "tx-5", "MISSING_PROVIDER", "only-provider-knows", "MISSING_INTERNAL", "tx-6", "DUPLICATE"));
        assertThat(exceptions("?providerId=" + provider + "&class=AMOUNT_MISMATCH").get(0).get("amountMinor")
                .asLong()).isEqualTo(1);

        // totals per day and currency: the days with injected differences disagree
        JsonNode dayTotals = run.get("dayTotals");
        assertThat(dayTotals.size()).isGreaterThanOrEqualTo(2);
        assertThat(dayTotals.valueStream().anyMatch(d -> !d.get("agrees").asBoolean())).isTrue();

        // re-running finds the same breaks and opens no new exception
        Answer rerun = post("/v1/reconciliation/statements/" + statementId + "/runs", Map.of(), As.operator());
        assertThat(rerun.status()).isEqualTo(202);
        JsonNode second = awaitRun(rerun.body().get("runId").asLong());
        assertThat(counts(second)).isEqualTo(counts);
        assertThat(count("SELECT count(*) FROM reconciliation.exceptions WHERE provider_id = ?", provider))
                .isEqualTo(7);
        assertThat(count("SELECT count(*) FROM reconciliation.exceptions WHERE provider_id = ? AND last_run_id = ?",
                provider, second.get("run").get("id").asLong())).isEqualTo(7);
    }

    @Test
    void aCleanStatementGivesZeroBreaksAndAgreeingDayTotals() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 120, 11);
        Ledger.record(day.recorded);

        Answer up = upload(provider, As.operator(), "application/x-ndjson", day.jsonLines());
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        JsonNode run = awaitRun(up.body().get("runId").asLong());

        assertThat(counts(run)).containsExactly(Map.entry("MATCHED", 120L));
        assertThat(breaksOf(provider)).isEmpty();
        assertThat(run.get("dayTotals").valueStream().allMatch(d -> d.get("agrees").asBoolean())).isTrue();
    }

    @Test
    void providerFormatSettingsAndToleranceApply() throws Exception {
        String provider = newProvider();
        Answer settings = put("/v1/reconciliation/providers/" + provider + "/settings", Map.of(
                "delimiter", ";", "decimalSeparator", ",", "dateFormat", "dd.MM.yyyy HH:mm:ss",
                "timeZone", "Europe/Berlin", "toleranceMinor", 2,
                "columnAliases", Map.of("providerTxId", List.of("Buchungsref"), "type", List.of("Art"),
                        "amount", List.of("Betrag"), "currency", List.of("Währung"), "occurredAt", List.of("Zeit"))),
                As.operator());
        assertThat(settings.status()).as(String.valueOf(settings.body())).isEqualTo(200);
        DayFixture day = new DayFixture(provider, DAY, 30, 3);
        // keep the day inside the Berlin calendar day too (UTC+1 in November)
        day.recorded.replaceAll(t -> new Ledger.Tx(t.providerId(), t.providerTxId(), t.type(), t.amountMinor(),
                t.currency(), t.occurredAt().isAfter(DAY.atTime(22, 0).toInstant(java.time.ZoneOffset.UTC))
                        ? DAY.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC) : t.occurredAt(), t.businessDate()));
        Ledger.record(day.recorded);
        java.time.format.DateTimeFormatter fmt = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss")
                .withZone(java.time.ZoneId.of("Europe/Berlin"));
        StringBuilder csv = new StringBuilder("Buchungsref;Art;Betrag;Währung;Zeit;Kommentar\n");
        for (Ledger.Tx t : day.recorded) {
            long amount = t.providerTxId().equals("tx-3") ? t.amountMinor() + 2 : t.amountMinor(); // within tolerance
            csv.append(t.providerTxId()).append(';').append(t.type().toLowerCase()).append(';')
                    .append(io.clearhouse.common.money.Money.ofMinor(amount, t.currency()).toDecimalString()
                            .replace('.', ','))
                    .append(';').append(t.currency()).append(';').append(fmt.format(t.occurredAt()))
                    .append(";\"frei; mit \"\"Zitat\"\"\"\n");
        }
        Answer up = upload(provider, As.operator(), "text/csv; charset=utf-8",
                csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        JsonNode run = awaitRun(up.body().get("runId").asLong());
        assertThat(counts(run)).containsExactly(Map.entry("MATCHED", 30L));
    }

    private Map<String, Long> counts(JsonNode run) {
        Map<String, Long> counts = new TreeMap<>();
        run.get("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private Map<String, String> breaksOf(String provider) throws Exception {
        Map<String, String> breaks = new HashMap<>();
        for (JsonNode e : exceptions("?providerId=" + provider + "&size=200")) {
            breaks.put(e.get("providerTxId").asString(), e.get("breakClass").asString());
        }
        return breaks;
    }

    private List<JsonNode> exceptions(String query) throws Exception {
        Answer a = get("/v1/reconciliation/exceptions" + query, As.operator());
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
        return a.body().get("items").valueStream().toList();
    }
}
