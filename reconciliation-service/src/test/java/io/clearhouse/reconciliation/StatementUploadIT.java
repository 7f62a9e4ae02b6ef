package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StatementUploadIT extends ReconciliationITBase {

    private static final String HEADER = "providerTxId,type,amount,currency,occurredAt\n";

    @Test
    void badLinesAreReportedWithLineAndColumnWhileGoodLinesLoad() throws Exception {
        String provider = newProvider();
        String csv = HEADER
                + "a-1,BET,10.00,EUR,2026-11-21T10:00:00Z\n"
                + "a-2,BET,10.001,EUR,2026-11-21T10:00:00Z\n"     // too many fraction digits
                + "a-3,BET,ten,EUR,2026-11-21T10:00:00Z\n"        // not a number
                + "a-4,BET,5.00,EUR,21/11/2026 10:00\n"           // not a date
                + "a-5,WAGER,5.00,EUR,2026-11-21T10:00:00Z\n"     // unknown type
                + "a-6,BET,5.00,EUR\n"                            // a column short
                + "a-7,WIN,7.50,EUR,2026-11-21T11:00:00+01:00\n";
        Answer up = upload(provider, As.operator(), "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        assertThat(up.body().get("statement").get("loadedCount").asLong()).isEqualTo(2);
        assertThat(up.body().get("statement").get("errorCount").asLong()).isEqualTo(5);
        JsonNode errors = up.body().get("errors");
        assertThat(errors.get(0).get("line").asLong()).isEqualTo(3);
        assertThat(errors.get(0).get("column").asString()).isEqualTo("amount");
        assertThat(errors.get(0).get("reason").asString()).contains("at most 2 fraction digits");
        assertThat(errors.get(1).get("line").asLong()).isEqualTo(4);
        assertThat(errors.get(1).get("reason").asString()).contains("not a plain decimal");
        assertThat(errors.get(2).get("column").asString()).isEqualTo("occurredAt");
        assertThat(errors.get(3).get("column").asString()).isEqualTo("type");
        assertThat(errors.get(4).get("line").asLong()).isEqualTo(7);
        assertThat(errors.get(4).get("reason").asString()).contains("has 4 fields, the header has 5");
        long id = up.body().get("statement").get("id").asLong();
        assertThat(count("SELECT count(*) FROM reconciliation.statement_lines WHERE statement_id = ?", id))
                .isEqualTo(2);
        assertThat(get("/v1/reconciliation/statements/" + id, As.provider(provider)).body().get("errors").size())
                .isEqualTo(5);
        awaitRun(up.body().get("runId").asLong());
    }

    @Test
    void theSameFileTwiceIsOneStatement() throws Exception {
        String provider = newProvider();
        byte[] csv = (HEADER + "b-1,BET,1.00,USD,2026-11-21T10:00:00Z\n").getBytes(StandardCharsets.UTF_8);
        Answer first = upload(null, As.provider(provider), "text/csv", csv);
        Answer second = upload(null, As.provider(provider), "text/csv", csv);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("duplicate").asBoolean()).isTrue();
        assertThat(second.body().get("statement").get("id").asLong())
                .isEqualTo(first.body().get("statement").get("id").asLong());
        assertThat(second.body().get("statement").get("sha256").asString()).hasSize(64);
        assertThat(count("SELECT count(*) FROM reconciliation.statements WHERE provider_id = ?", provider)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reconciliation.statement_lines l JOIN reconciliation.statements s"
                + " ON s.id = l.statement_id WHERE s.provider_id = ?", provider)).isEqualTo(1);
    }

    @Test
    void wrongColumnsRejectTheFileNamingTheMissingOnes() throws Exception {
        assertRejected("text/csv", "id,kind,value\nx,BET,1.00\n".getBytes(StandardCharsets.UTF_8),
                "wrong columns", "currency");
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        assertRejected("text/csv", new byte[0], "empty", null);
        assertRejected("text/csv", HEADER.getBytes(StandardCharsets.UTF_8), "empty", null);
        assertRejected("application/x-ndjson", "\n\n".getBytes(StandardCharsets.UTF_8), "empty", null);
    }

    @Test
    void aFileThatIsNotUtf8IsRejected() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((HEADER + "c-1,BET,1.00,EUR,2026-11-21T10:00:00Z\nc-2,BET,1.00,EUR,").getBytes(
                StandardCharsets.UTF_8));
        bytes.writeBytes("2026-11-21T10:00:00Z caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertRejected("text/csv", bytes.toByteArray(), "not valid UTF-8", null);
    }

    @Test
    void aFileCutOffInsideAQuotedFieldIsRejected() throws Exception {
        String csv = HEADER + "d-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n\"d-2,BET,1.00,EUR,2026-11-21T1";
        assertRejected("text/csv", csv.getBytes(StandardCharsets.UTF_8), "truncated", null);
    }

    @Test
    void aJsonLineCutOffAtTheEndRejectsTheWholeFile() throws Exception {
        String jsonl = "{\"providerTxId\":\"e-1\",\"type\":\"BET\",\"amount\":\"1.00\",\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n"
                + "{\"providerTxId\":\"e-2\",\"type\":\"BET\",\"amount\":2.5,\"currency\":\"EUR\","
                + "\"businessDate\":\"2026-11-21\"}\n"
                + "{\"providerTxId\":\"e-3\",\"type\":\"BET\",\"amo";
        JsonNode problem = assertRejected("application/x-ndjson", jsonl.getBytes(StandardCharsets.UTF_8), "truncated",
                "last line (3)");
        assertThat(problem.get("errors").get(0).get("line").asLong()).isEqualTo(3);
        // cut mid-object even though a line end follows: still the end of the file
        assertRejected("application/x-ndjson", (jsonl + "\n\n").getBytes(StandardCharsets.UTF_8), "truncated", null);
    }

    @Test
    void aCsvWhoseLastLineIsCutOffIsRejectedButAWholeLastLineWithoutLineEndLoads() throws Exception {
        String good = HEADER + "k-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n";
        assertRejected("text/csv", (good + "k-2,BET,1.00,EU").getBytes(StandardCharsets.UTF_8), "truncated",
                "last line (3)");
        assertRejected("text/csv", (good + "k-2,BET,1.0").getBytes(StandardCharsets.UTF_8), "truncated", null);

        String provider = newProvider();
        Answer whole = upload(provider, As.operator(), "text/csv",
                (good + "k-2,BET,1.00,EUR,2026-11-21T10:00:00Z").getBytes(StandardCharsets.UTF_8));
        assertThat(whole.status()).as(String.valueOf(whole.body())).isEqualTo(201);
        assertThat(whole.body().get("statement").get("loadedCount").asLong()).isEqualTo(2);
        awaitRun(whole.body().get("runId").asLong());
    }

    @Test
    void aMalformedJsonLineInTheMiddleIsALineErrorAndTheRestLoads() throws Exception {
        String provider = newProvider();
        String jsonl = "{\"providerTxId\":\"m-1\",\"type\":\"BET\",\"amount\":\"1.00\",\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n"
                + "{\"providerTxId\":\"m-2\",\"type\":\"BET\",\"amo\n"
                + "{\"providerTxId\":\"m-3\",\"type\":\"BET\",\"amount\":2.5,\"currency\":\"EUR\","
                + "\"businessDate\":\"2026-11-21\"}";
        Answer up = upload(provider, As.operator(), "application/x-ndjson", jsonl.getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        assertThat(up.body().get("statement").get("loadedCount").asLong()).isEqualTo(2);
        assertThat(up.body().get("errors").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(up.body().get("errors").get(0).get("reason").asString()).contains("not a JSON object");
        awaitRun(up.body().get("runId").asLong());
    }

    @Test
    void moreLineErrorsThanTheBoundRejectTheFileAndApplyNothing() throws Exception {
        String provider = newProvider();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 20; i++) {
            csv.append("f-").append(i).append(",BET,1.00,EUR,2026-11-21T10:00:00Z\n");
            csv.append("g-").append(i).append(",BET,1.0.0,EUR,2026-11-21T10:00:00Z\n");
        }
        long linesBefore = count("SELECT count(*) FROM reconciliation.statement_lines");
        Answer up = upload(provider, As.operator(), "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(up.status()).isEqualTo(422);
        assertThat(up.body().get("detail").asString()).contains("more than 5 line errors");
        assertThat(up.body().get("errors").size()).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM reconciliation.statements WHERE provider_id = ?", provider)).isZero();
        assertThat(count("SELECT count(*) FROM reconciliation.statement_lines")).isEqualTo(linesBefore);
    }

    @Test
    void aProviderMayUploadOnlyItsOwnStatement() throws Exception {
        byte[] csv = (HEADER + "h-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n").getBytes(StandardCharsets.UTF_8);
        Answer a = upload("someone-else", As.provider(newProvider()), "text/csv", csv);
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body().get("type").asString()).endsWith("/forbidden");

        Answer noProvider = upload(null, As.operator(), "text/csv", csv);
        assertThat(noProvider.status()).isEqualTo(400);
        assertThat(noProvider.body().get("errors").get(0).get("field").asString()).isEqualTo("providerId");
    }

    @Test
    void aProviderSeesItsOwnStatementsRunsAndExceptionsAndNobodyElses() throws Exception {
        String mine = newProvider();
        String theirs = newProvider();
        byte[] csv = (HEADER + "p-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n").getBytes(StandardCharsets.UTF_8);
        Answer up = upload(null, As.provider(mine), "text/csv", csv);
        long statementId = up.body().get("statement").get("id").asLong();
        long runId = up.body().get("runId").asLong();
        awaitRun(runId);
        awaitRun(upload(null, As.provider(theirs), "text/csv", (HEADER + "q-1,BET,2.00,EUR,2026-11-21T10:00:00Z\n")
                .getBytes(StandardCharsets.UTF_8)).body().get("runId").asLong());
        JsonNode exceptions = get("/v1/reconciliation/exceptions", As.provider(mine)).body();
        assertThat(exceptions.get("total").asLong()).isEqualTo(1); // p-1 is MISSING_INTERNAL
        long exceptionId = exceptions.get("items").get(0).get("id").asLong();

        assertThat(get("/v1/reconciliation/statements/" + statementId, As.provider(mine)).status()).isEqualTo(200);
        assertThat(get("/v1/reconciliation/runs/" + runId, As.provider(mine)).status()).isEqualTo(200);
        assertThat(get("/v1/reconciliation/exceptions/" + exceptionId, As.provider(mine)).status()).isEqualTo(200);
        assertThat(get("/v1/reconciliation/statements", As.provider(mine)).body().valueStream()
                .map(st -> st.get("providerId").asString()).distinct().toList()).containsExactly(mine);

        // another provider: not found, not even "forbidden" (existence is not disclosed)
        As other = As.provider(theirs);
        for (String path : List.of("/v1/reconciliation/statements/" + statementId, "/v1/reconciliation/runs/" + runId,
                "/v1/reconciliation/exceptions/" + exceptionId)) {
            Answer a = get(path, other);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.body().get("type").asString()).endsWith("/not-found");
        }
        assertThat(get("/v1/reconciliation/statements", other).body().valueStream()
                .map(st -> st.get("providerId").asString()).distinct().toList()).containsExactly(theirs);
        assertThat(get("/v1/reconciliation/exceptions", other).body().get("items").valueStream()
                .map(e -> e.get("providerId").asString()).distinct().toList()).containsExactly(theirs);
        assertThat(get("/v1/reconciliation/exceptions?providerId=" + mine, other).status()).isEqualTo(403);
    }

    @Test
    void forgedCallerHeadersAreRefusedWith401() throws Exception {
        String path = "/v1/reconciliation/exceptions";
        Answer unsigned = sendRaw("GET", path, java.util.Map.of(CallerHeaders.ACTOR, "mallory",
                CallerHeaders.ROLES, "OPERATOR", CallerHeaders.REQUEST_ID, "req-forged"));
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.body().get("type").asString()).endsWith("/unauthenticated");

        // a genuine signature, but for another path
        Answer otherPath = sendRaw("GET", path, ServiceTestSupport.callerHeaders("GET",
                "/v1/reconciliation/statements", "olga.operator", "OPERATOR", null));
        assertThat(otherPath.status()).isEqualTo(401);

        // a genuine signature for PROVIDER, with the role header raised to OPERATOR
        java.util.Map<String, String> raised = new java.util.LinkedHashMap<>(ServiceTestSupport.callerHeaders("GET",
                path, "client-x", "PROVIDER", "x"));
        raised.put(CallerHeaders.ROLES, "OPERATOR");
        assertThat(sendRaw("GET", path, raised).status()).isEqualTo(401);

        // no identity at all, or the gateway's signature over no caller: denied by default
        assertThat(sendRaw("GET", path, java.util.Map.of()).status()).isEqualTo(401);
        assertThat(sendRaw("GET", path, ServiceTestSupport.anonymousHeaders("GET", path)).status()).isEqualTo(401);
        assertThat(sendRaw("GET", "/v1/reconciliation/nowhere", java.util.Map.of()).status())
                .as("an unknown path too").isEqualTo(401);
        // the genuine article passes
        assertThat(sendRaw("GET", path, ServiceTestSupport.callerHeaders("GET", path, "olga.operator", "OPERATOR",
                null)).status()).isEqualTo(200);
    }

    @Test
    void anUploadWhoseBodyIsNotTheOneTheGatewaySignedIsRefusedAtItsLastByteAndNothingIsStored() throws Exception {
        String provider = newProvider();
        String path = "/v1/reconciliation/statements";
        byte[] signed = (HEADER + "s-1,BET,1.00,EUR,2026-11-21T10:00:00Z\n").getBytes(StandardCharsets.UTF_8);
        byte[] sent = (HEADER + "s-1,BET,9.00,EUR,2026-11-21T10:00:00Z\n").getBytes(StandardCharsets.UTF_8);
        long statementsBefore = count("SELECT count(*) FROM reconciliation.statements");
        long linesBefore = count("SELECT count(*) FROM reconciliation.statement_lines");
        // the same length, another amount: found only once the whole (streamed) body has been hashed
        Answer tampered = sendRaw("POST", path, "text/csv", sent,
                ServiceTestSupport.callerHeaders("POST", path, signed, "client-" + provider, "PROVIDER", provider));
        assertThat(tampered.status()).as(String.valueOf(tampered.body())).isEqualTo(401);
        assertThat(tampered.body().get("type").asString()).endsWith("/unauthenticated");
        assertThat(tampered.body().get("detail").asString()).contains("not the body the gateway signed");
        // and a replayed genuine upload is refused before a byte is stored
        java.util.Map<String, String> genuine = ServiceTestSupport.callerHeaders("POST", path, signed,
                "client-" + provider, "PROVIDER", provider);
        assertThat(sendRaw("POST", path, "text/csv", signed, genuine).status()).isEqualTo(201);
        Answer replay = sendRaw("POST", path, "text/csv", signed, genuine);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body().get("detail").asString()).contains("used before");
        assertThat(count("SELECT count(*) FROM reconciliation.statements")).isEqualTo(statementsBefore + 1);
        assertThat(count("SELECT count(*) FROM reconciliation.statement_lines")).isEqualTo(linesBefore + 1);
    }

    private JsonNode assertRejected(String contentType, byte[] content, String detail, String mentioned)
            throws Exception {
        String provider = newProvider();
        long statementsBefore = count("SELECT count(*) FROM reconciliation.statements");
        long linesBefore = count("SELECT count(*) FROM reconciliation.statement_lines");
        long errorsBefore = count("SELECT count(*) FROM reconciliation.statement_errors");
        long runsBefore = count("SELECT count(*) FROM reconciliation.runs");
        Answer up = upload(provider, As.operator(), contentType, content);
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(422);
        assertThat(up.body().get("type").asString()).endsWith("/statement-rejected");
        assertThat(up.body().get("detail").asString()).contains(detail);
        if (mentioned != null) {
            assertThat(up.body().get("detail").asString()).contains(mentioned);
        }
        assertThat(count("SELECT count(*) FROM reconciliation.statements WHERE provider_id = ?", provider)).isZero();
        // nothing of the file was stored or matched (the ITs share the database: others' uploads use
        // other providers, so a concurrent upload would show here as a false failure, never a false pass)
        assertThat(count("SELECT count(*) FROM reconciliation.statements")).isEqualTo(statementsBefore);
        assertThat(count("SELECT count(*) FROM reconciliation.statement_lines")).isEqualTo(linesBefore);
        assertThat(count("SELECT count(*) FROM reconciliation.statement_errors")).isEqualTo(errorsBefore);
        assertThat(count("SELECT count(*) FROM reconciliation.runs")).isEqualTo(runsBefore);
        return up.body();
    }
}
