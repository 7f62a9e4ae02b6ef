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
