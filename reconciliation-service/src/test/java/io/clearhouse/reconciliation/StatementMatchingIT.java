package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    @Test
    void aCutOffStraddleIsOneTimingBreakReportedByTheStatementThatHoldsTheLine() throws Exception {
        String provider = newProvider();
        LocalDate next = DAY.plusDays(1);
        DayFixture d = new DayFixture(provider, DAY, 20, 41);
        DayFixture e = new DayFixture(provider, next, 20, 42);
        e.recorded.replaceAll(t -> new Ledger.Tx(t.providerId(), "n" + t.providerTxId(), t.type(), t.amountMinor(),
                t.currency(), t.occurredAt(), t.businessDate()));
        e.lines.forEach(l -> l.providerTxId = "n" + l.providerTxId);
        Ledger.record(d.recorded);
        Ledger.record(e.recorded);
        // ingest dated tx-19 day D, the provider D+1; ingest dated ntx-0 D+1, the provider D
        DayFixture.Line late = d.line("tx-19");
        d.lines.remove(late);
        late.businessDate = next;
        e.lines.add(late);
        DayFixture.Line early = e.line("ntx-0");
        e.lines.remove(early);
        early.businessDate = DAY;
        d.lines.add(early);
        // and one line of D's statement dated D+1 by the provider: it must not make D's statement answer for
        // all of D+1 (no declared period; the period is the days holding a real share of the lines)
        d.line("tx-18").businessDate = next;

        Answer upD = upload(null, As.provider(provider), "text/csv", d.csv());
        assertThat(upD.status()).as(String.valueOf(upD.body())).isEqualTo(201);
        long statementD = upD.body().get("statement").get("id").asLong();
        JsonNode runD = awaitRun(upD.body().get("runId").asLong());
        // tx-19 looks missing until the provider's D+1 statement arrives
        assertThat(counts(runD)).containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 18L, "TIMING", 2L,
                "MISSING_PROVIDER", 1L));
        assertThat(breaksOf(provider)).containsExactlyInAnyOrderEntriesOf(Map.of("ntx-0", "TIMING",
                "tx-18", "TIMING", "tx-19", "MISSING_PROVIDER"));

        // day D+1 with a declared period: it reports tx-19's straddle; ntx-0 is not missing (D's statement has it)
        Answer upE = upload(provider + "&from=" + next + "&to=" + next, As.operator(), "text/csv", e.csv());
        assertThat(upE.status()).as(String.valueOf(upE.body())).isEqualTo(201);
        JsonNode runE = awaitRun(upE.body().get("runId").asLong());
        assertThat(counts(runE)).containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 19L, "TIMING", 1L));

        // the straddle is counted once: D's MISSING_PROVIDER for tx-19 is cleared, and stays so on a re-run
        Answer rerun = post("/v1/reconciliation/statements/" + statementD + "/runs", Map.of(), As.operator());
        assertThat(counts(awaitRun(rerun.body().get("runId").asLong()))).containsExactlyInAnyOrderEntriesOf(
                Map.of("MATCHED", 18L, "TIMING", 2L));
        List<JsonNode> open = exceptions("?providerId=" + provider + "&status=OPEN&size=200");
        assertThat(open).extracting(x -> x.get("providerTxId").asString() + ":" + x.get("breakClass").asString())
                .containsExactlyInAnyOrder("ntx-0:TIMING", "tx-18:TIMING", "tx-19:TIMING");
        assertThat(exceptions("?providerId=" + provider + "&status=CLEARED")).extracting(
                x -> x.get("providerTxId").asString() + ":" + x.get("breakClass").asString())
                .containsExactly("tx-19:MISSING_PROVIDER");
    }

    @Test
    void theServicesOwnPostingsAndOtherAdjustmentsAreNotMissingAndAnAcceptedMissingInternalThenMatches()
            throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 20, 43);
        Ledger.record(day.recorded);
        DayFixture.Line extra = day.line("tx-3").copy();
        extra.providerTxId = "only-provider-knows";
        day.lines.add(extra);
        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        long statementId = up.body().get("statement").get("id").asLong();
        awaitRun(up.body().get("runId").asLong());
        long exceptionId = exceptions("?providerId=" + provider + "&class=MISSING_INTERNAL").get(0).get("id")
                .asLong();
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator()).status()).isEqualTo(200);

        // what ingest then records: the provider's transaction, plus adjustments of the day (ours and others)
        Ledger.record(List.of(
                new Ledger.Tx(provider, "only-provider-knows", extra.type, extra.amountMinor, extra.currency,
                        extra.occurredAt, DAY),
                new Ledger.Tx(provider, "recon-adj-" + exceptionId + "-9", "ADJUSTMENT", 5, "EUR",
                        extra.occurredAt, DAY),
                new Ledger.Tx(provider, "provider-correction-1", "ADJUSTMENT", -7, "EUR", extra.occurredAt, DAY)));

        Answer rerun = post("/v1/reconciliation/statements/" + statementId + "/runs", Map.of(), As.operator());
        assertThat(counts(awaitRun(rerun.body().get("runId").asLong())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 21L));
        assertThat(breaksOf(provider)).containsOnlyKeys("only-provider-knows");
        assertThat(get("/v1/reconciliation/exceptions/" + exceptionId, As.operator()).body().get("exception")
                .get("status").asString()).isEqualTo("RESOLVED");
    }

    @Test
    void aLineIsComparedWithTheNetAmountSoAnAcceptedAmountMismatchMatchesAndItsReversalBreaksAgain()
            throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 20, 44);
        Ledger.record(day.recorded);
        java.time.Instant later = DAY.plusDays(9).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        // the provider's own correction, recorded on a later business date, already explains tx-3's line
        DayFixture.Line corrected = day.line("tx-3");
        corrected.amountMinor -= 40;
        Ledger.record(List.of(Ledger.Tx.adjustment(provider, "provider-correction-tx-3", "tx-3", corrected.type, -40,
                corrected.currency, later, DAY.plusDays(9))));
        DayFixture.Line line = day.line("tx-1");
        line.amountMinor += 250;
        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        long statementId = up.body().get("statement").get("id").asLong();
        assertThat(counts(awaitRun(up.body().get("runId").asLong())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 19L, "AMOUNT_MISMATCH", 1L));
        assertThat(breaksOf(provider)).containsExactlyEntriesOf(Map.of("tx-1", "AMOUNT_MISMATCH"));
        long exceptionId = exceptions("?providerId=" + provider).get(0).get("id").asLong();
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator()).status()).isEqualTo(200);

        // what ingest then records for the acceptance: an ADJUSTMENT of +250 referencing tx-1, on its own date
        Ledger.record(List.of(Ledger.Tx.adjustment(provider, "recon-adj-" + exceptionId, "tx-1", line.type, 250,
                line.currency, later, DAY.plusDays(9))));
        Answer rerun = post("/v1/reconciliation/statements/" + statementId + "/runs", Map.of(), As.operator());
        assertThat(counts(awaitRun(rerun.body().get("runId").asLong())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 20L));
        assertThat(exceptions("?providerId=" + provider)).hasSize(1);
        assertThat(status(exceptionId)).isEqualTo("RESOLVED");

        // REOPEN's reversal references the acceptance, not tx-1: netted through the chain, the break is back
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "REOPEN"), As.operator()).status()).isEqualTo(200);
        Ledger.record(List.of(Ledger.Tx.adjustment(provider, "recon-rev-" + exceptionId + "-1",
                "recon-adj-" + exceptionId, line.type, -250, line.currency, later, DAY.plusDays(9))));
        Answer third = post("/v1/reconciliation/statements/" + statementId + "/runs", Map.of(), As.operator());
        assertThat(counts(awaitRun(third.body().get("runId").asLong())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 19L, "AMOUNT_MISMATCH", 1L));
        List<JsonNode> all = exceptions("?providerId=" + provider);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("id").asLong()).isEqualTo(exceptionId);
        assertThat(status(exceptionId)).isEqualTo("OPEN");
    }

    @Test
    void anAcceptedMissingProviderBreakNettedToZeroIsNoLongerMissing() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 20, 45);
        Ledger.record(day.recorded);
        Ledger.Tx gone = day.recorded.stream().filter(t -> t.providerTxId().equals("tx-4")).findFirst().orElseThrow();
        day.lines.removeIf(l -> l.providerTxId.equals("tx-4"));
        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        long statementId = up.body().get("statement").get("id").asLong();
        assertThat(counts(awaitRun(up.body().get("runId").asLong())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 19L, "MISSING_PROVIDER", 1L));
        long exceptionId = exceptions("?providerId=" + provider + "&class=MISSING_PROVIDER").get(0).get("id")
                .asLong();
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator()).status()).isEqualTo(200);

        Ledger.record(List.of(Ledger.Tx.adjustment(provider, "recon-adj-" + exceptionId, "tx-4", gone.type(),
                -gone.amountMinor(), gone.currency(), gone.occurredAt().plusSeconds(86_400 * 3), DAY.plusDays(3))));
        Answer rerun = post("/v1/reconciliation/statements/" + statementId + "/runs", Map.of(), As.operator());
        assertThat(counts(awaitRun(rerun.body().get("runId").asLong())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 19L));
        assertThat(exceptions("?providerId=" + provider)).hasSize(1);
        assertThat(status(exceptionId)).isEqualTo("RESOLVED");
    }

    @Test
    void aDifferenceJustBeyondTheToleranceBreaksAndAClearedBreakFoundAgainIsReopened() throws Exception {
        String provider = newProvider();
        assertThat(put("/v1/reconciliation/providers/" + provider + "/settings", Map.of("toleranceMinor", 4),
                As.operator()).status()).isEqualTo(200);
        DayFixture day = new DayFixture(provider, DAY, 20, 44);
        Ledger.record(day.recorded);
        day.line("tx-1").amountMinor += 4;   // within
        day.line("tx-2").amountMinor -= 5;   // one minor unit beyond
        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        long statementId = up.body().get("statement").get("id").asLong();
        assertThat(counts(awaitRun(up.body().get("runId").asLong()))).containsExactlyInAnyOrderEntriesOf(
                Map.of("MATCHED", 19L, "AMOUNT_MISMATCH", 1L));
        assertThat(breaksOf(provider)).containsExactlyEntriesOf(Map.of("tx-2", "AMOUNT_MISMATCH"));
        long exceptionId = exceptions("?providerId=" + provider).get(0).get("id").asLong();

        // a wider tolerance clears it; back to the old one, the re-run finds it again and reopens it
        put("/v1/reconciliation/providers/" + provider + "/settings", Map.of("toleranceMinor", 5), As.operator());
        Answer clearing = post("/v1/reconciliation/statements/" + statementId + "/runs", Map.of(), As.operator());
        awaitRun(clearing.body().get("runId").asLong());
        assertThat(status(exceptionId)).isEqualTo("CLEARED");
        put("/v1/reconciliation/providers/" + provider + "/settings", Map.of("toleranceMinor", 4), As.operator());
        Answer again = post("/v1/reconciliation/statements/" + statementId + "/runs", Map.of(), As.operator());
        awaitRun(again.body().get("runId").asLong());
        assertThat(status(exceptionId)).isEqualTo("OPEN");
        assertThat(count("SELECT count(*) FROM reconciliation.audit_log WHERE entity_type = 'exception'"
                + " AND entity_id = ? AND action = 'EXCEPTION_REOPENED'", Long.toString(exceptionId))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reconciliation.exceptions WHERE provider_id = ?", provider))
                .isEqualTo(1);
    }

    @Test
    void aRunLeftQueuedIsPickedUpByTheSweep() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 45);
        Ledger.record(day.recorded);
        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        long statementId = up.body().get("statement").get("id").asLong();
        awaitRun(up.body().get("runId").asLong());
        // a run written QUEUED but never handed to the worker (its queue was full at the time)
        long runId = count("INSERT INTO reconciliation.runs (statement_id, provider_id, status, requested_by,"
                + " requested_at) VALUES (?, ?, 'QUEUED', 'test', now()) RETURNING id", statementId, provider);
        // nothing but the sweep picks it up (its schedule is an hour in these tests): it stays QUEUED for a while
        await("the run to stay queued").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/v1/reconciliation/runs/" + runId, As.operator()).body()
                        .get("run").get("status").asString()).isEqualTo("QUEUED"));
        queue.sweep();
        assertThat(counts(awaitRun(runId))).containsExactly(Map.entry("MATCHED", 10L));
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.clearhouse.reconciliation.matching.RunQueue queue;

    @Test
    void aRecordedNonAdjustmentWithAReservedIdIsNotHiddenFromMatching() throws Exception {
        // recorded before the gateway refused the namespace: a provider's BET that took one of our ids
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 51);
        Ledger.record(day.recorded);
        Ledger.record(List.of(new Ledger.Tx(provider, "recon-adj-legacy", "BET", 700, "EUR",
                DAY.atStartOfDay(java.time.ZoneOffset.UTC).plusHours(3).toInstant(), DAY)));

        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        assertThat(counts(awaitRun(up.body().get("runId").asLong())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 10L, "MISSING_PROVIDER", 1L));
        assertThat(breaksOf(provider)).containsExactlyInAnyOrderEntriesOf(Map.of("recon-adj-legacy",
                "MISSING_PROVIDER"));
    }

    private String status(long exceptionId) throws Exception {
        return get("/v1/reconciliation/exceptions/" + exceptionId, As.operator()).body().get("exception").get("status")
                .asString();
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
