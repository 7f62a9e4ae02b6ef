package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a provider can send is bounded: JSON numbers (size and scale), amounts (the largest
 * transaction), the declared or derived period of a statement, and the ids it may use (not
 * reconciliation's reserved namespace). Each refusal names the field; nothing hostile is expanded.
 */
class StatementBoundsIT extends ReconciliationITBase {

    private static final String GOOD = "{\"providerTxId\":\"ok-1\",\"type\":\"BET\",\"amount\":\"1.00\","
            + "\"currency\":\"EUR\",\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n";

    @Test
    void aJsonNumberWithAHugeExponentOrScaleIsALineErrorNamingTheFieldNeverExpanded() throws Exception {
        String provider = newProvider();
        String jsonl = GOOD
                + "{\"providerTxId\":\"big\",\"type\":\"BET\",\"amount\":1e999999999,\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n"
                + "{\"providerTxId\":\"tiny\",\"type\":\"BET\",\"amount\":1e-999999999,\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n"
                + "{\"providerTxId\":1E+999999999,\"type\":\"BET\",\"amount\":\"1.00\",\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n"
                + "{\"providerTxId\":\"huge\",\"type\":\"BET\",\"amount\":1e12,\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n"
                + "{\"providerTxId\":\"exact\",\"type\":\"BET\",\"amount\":2.5,\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n";
        Answer up = upload(provider, As.operator(), "application/x-ndjson", jsonl.getBytes(StandardCharsets.UTF_8));

        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        assertThat(up.body().get("statement").get("loadedCount").asLong()).isEqualTo(2);
        JsonNode errors = up.body().get("errors");
        assertThat(errors.size()).isEqualTo(4);
        assertThat(errors.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(errors.get(0).get("column").asString()).isEqualTo("amount");
        assertThat(errors.get(1).get("line").asLong()).isEqualTo(3);
        assertThat(errors.get(1).get("column").asString()).isEqualTo("amount");
        assertThat(errors.get(2).get("line").asLong()).isEqualTo(4);
        assertThat(errors.get(2).get("column").asString()).isEqualTo("providerTxId");
        assertThat(errors.get(3).get("line").asLong()).isEqualTo(5);
        assertThat(errors.get(3).get("column").asString()).isEqualTo("amount");
        assertThat(errors.get(3).get("reason").asString()).contains("at most");
        awaitRun(up.body().get("runId").asLong());
    }

    @Test
    void providerSettingsWithHugeOrUnboundedNumbersAreRefusedNamingTheField() throws Exception {
        String provider = newProvider();
        String path = "/v1/reconciliation/providers/" + provider + "/settings";
        for (String body : new String[] {"{\"toleranceMinor\":1e999999999}", "{\"toleranceMinor\":1000000000000000}",
                "{\"toleranceMinor\":1.5}"}) {
            Answer a = putRaw(path, body, As.operator());
            assertThat(a.status()).as(body + " -> " + a.body()).isEqualTo(400);
            assertThat(a.body().get("errors").get(0).get("field").asString()).as(body).isEqualTo("toleranceMinor");
        }
        Answer a = putRaw(path, "{\"alertMaxOpenAmountMinor\":-1e999999999}", As.operator());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("errors").get(0).get("field").asString()).isEqualTo("alertMaxOpenAmountMinor");
        assertThat(count("SELECT count(*) FROM reconciliation.provider_settings WHERE provider_id = ?", provider))
                .isZero();
    }

    @Test
    void aDeclaredPeriodLongerThanTheBoundOrInTheFutureIsRefusedNamingTheField() throws Exception {
        String provider = newProvider();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        byte[] one = GOOD.getBytes(StandardCharsets.UTF_8);

        Answer tooLong = upload(provider + "&from=2026-10-01&to=2026-11-21", As.operator(), "application/x-ndjson",
                one);
        assertThat(tooLong.status()).as(String.valueOf(tooLong.body())).isEqualTo(400);
        assertThat(tooLong.body().get("errors").get(0).get("field").asString()).isEqualTo("to");
        assertThat(tooLong.body().get("detail").asString()).contains("31 days");

        Answer future = upload(provider + "&from=" + today + "&to=" + today.plusDays(2), As.operator(),
                "application/x-ndjson", one);
        assertThat(future.status()).as(String.valueOf(future.body())).isEqualTo(400);
        assertThat(future.body().get("errors").get(0).get("field").asString()).isEqualTo("to");

        Answer ancient = upload(provider + "&from=1900-01-01&to=1900-01-02", As.operator(), "application/x-ndjson",
                one);
        assertThat(ancient.status()).as(String.valueOf(ancient.body())).isEqualTo(400);
        assertThat(ancient.body().get("errors").get(0).get("field").asString()).isEqualTo("from");

        Answer reversed = upload(provider + "&from=2026-11-21&to=2026-11-20", As.operator(), "application/x-ndjson",
                one);
        assertThat(reversed.status()).isEqualTo(400);

        Answer month = upload(provider + "&from=2026-11-01&to=2026-12-01", As.operator(), "application/x-ndjson",
                one);
        assertThat(month.status()).as("31 days is within the bound: " + month.body()).isEqualTo(201);
        awaitRun(month.body().get("runId").asLong());
        assertThat(count("SELECT count(*) FROM reconciliation.statements WHERE provider_id = ?", provider))
                .isEqualTo(1);
    }

    @Test
    void aStatementWhoseLinesSpanMoreThanTheBoundWithoutADeclaredPeriodIsRejected() throws Exception {
        String provider = newProvider();
        String jsonl = GOOD + "{\"providerTxId\":\"old\",\"type\":\"BET\",\"amount\":\"1.00\",\"currency\":\"EUR\","
                + "\"businessDate\":\"2026-06-01\"}\n";
        Answer up = upload(provider, As.operator(), "application/x-ndjson", jsonl.getBytes(StandardCharsets.UTF_8));

        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(422);
        assertThat(up.body().get("detail").asString()).contains("31 days");
        assertThat(count("SELECT count(*) FROM reconciliation.statements WHERE provider_id = ?", provider)).isZero();
        assertThat(count("SELECT count(*) FROM reconciliation.runs WHERE provider_id = ?", provider)).isZero();
    }

    @Test
    void statementLinesUsingReconciliationsReservedIdsAreLineErrors() throws Exception {
        String provider = newProvider();
        String csv = "providerTxId,type,amount,currency,occurredAt\n"
                + "c-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n"
                + "recon-adj-1,ADJUSTMENT,1.00,EUR,2026-11-21T10:00:00Z\n"
                + "recon-rev-1-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n";
        Answer up = upload(provider, As.operator(), "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        assertThat(up.body().get("statement").get("loadedCount").asLong()).isEqualTo(1);
        JsonNode errors = up.body().get("errors");
        assertThat(errors.size()).isEqualTo(2);
        assertThat(errors.get(0).get("column").asString()).isEqualTo("providerTxId");
        assertThat(errors.get(0).get("reason").asString()).contains("reserved");
        assertThat(count("SELECT count(*) FROM reconciliation.statement_lines l JOIN reconciliation.statements s"
                + " ON s.id = l.statement_id WHERE s.provider_id = ? AND l.provider_tx_id LIKE 'recon-%'", provider))
                .isZero();
        awaitRun(up.body().get("runId").asLong());
    }
}
