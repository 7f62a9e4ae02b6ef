package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.IssuedCredentials;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The provider ingest path with a token and a signature: accepted only once Kafka holds every record. */
class TransactionIngestIT extends GatewayITBase {

    @Test
    void signedBatchIsAcceptedAfterEveryRecordIsOnKafka() throws Exception {
        IssuedCredentials p = provider("acme");
        long before = publishedCount();
        HttpResponse<String> r = send(signedPost("/v1/transactions/batch", token(p), p.signingSecret(),
                batchBody(5)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(body(r).get("accepted").asInt()).isEqualTo(5);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(publishedCount()).isEqualTo(before + 5);
    }

    @Test
    void signedSingleTransactionIsAccepted() throws Exception {
        IssuedCredentials p = provider("acme");
        long before = publishedCount();
        byte[] body = transactionJson(unique("tx")).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(signedPost("/v1/transactions", token(p), p.signingSecret(), body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(publishedCount()).isEqualTo(before + 1);
    }

    /**
     * The trace a caller starts (W3C {@code traceparent}) continues on the records the gateway publishes,
     * a lone transaction (the idempotent template) and a batch (the transactional one) alike, so that
     * the consumers' log lines can name it.
     */
    @Test
    void theCallersTraceIdTravelsOnEveryPublishedRecord() throws Exception {
        IssuedCredentials p = provider("acme");
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        String single = unique("traced");
        String batch = "[" + transactionJson(unique("traced")) + "," + transactionJson(unique("traced")) + "]";
        for (byte[] body : java.util.List.of(transactionJson(single).getBytes(StandardCharsets.UTF_8),
                batch.getBytes(StandardCharsets.UTF_8))) {
            HttpResponse<String> r = send(signedPost(body.length > 0 && body[0] == '[' ? "/v1/transactions/batch"
                    : "/v1/transactions", token(p), p.signingSecret(), body)
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }

        java.util.List<String> traceparents = publishedTraceparents("traced-");
        assertThat(traceparents).hasSize(3).allSatisfy(t -> assertThat(t).startsWith("00-" + traceId + "-"));
    }

    @Test
    void oneInvalidItemRefusesTheWholeBatchNamingTheField() throws Exception {
        IssuedCredentials p = provider("acme");
        long before = publishedCount();
        String bad = transactionJson(unique("tx")).replace("\"1.50\"", "1.50");
        byte[] body = ("[" + transactionJson(unique("tx")) + "," + bad + "]").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(signedPost("/v1/transactions/batch", token(p), p.signingSecret(), body));
        assertRefused(r, 400, "invalid-request");
        assertThat(r.body()).contains("[1].amount");
        assertThat(publishedCount()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() throws Exception {
        IssuedCredentials p = provider("acme");
        byte[] body = "[{\"providerTxId\": }]".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(signedPost("/v1/transactions/batch", token(p), p.signingSecret(), body));
        assertRefused(r, 400, "invalid-request");
        assertThat(r.body()).contains("not valid JSON at line 1");
    }
}
