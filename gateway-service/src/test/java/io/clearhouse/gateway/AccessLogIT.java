package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.testsupport.TestInfrastructure;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every request, allowed or refused, in the append-only access log, readable by auditors. */
class AccessLogIT extends GatewayITBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void allowedAndRefusedRequestsAreLoggedAndQueryableByAuditors() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        send(signedPost("/v1/transactions/batch", token, p.signingSecret(), batchBody(1)));
        send(signedPost("/v1/transactions/batch", token, p.signingSecret() + "0", batchBody(1)));

        String auditor = token(client(Role.AUDITOR));
        HttpResponse<String> r = awaitItems(auditor, "client=" + p.clientId() + "&size=10", 3);
        JsonNode items = body(r).get("items");
        // newest first: the refused batch, the accepted batch, the token request
        assertThat(items.size()).isEqualTo(3);
        assertThat(items.get(2).get("path").asString()).isEqualTo("/oauth2/token");
        assertThat(items.get(2).get("status").asInt()).isEqualTo(200);
        assertThat(items.get(0).get("status").asInt()).isEqualTo(401);
        assertThat(items.get(0).get("refusal").asString()).isEqualTo("signature-invalid");
        assertThat(items.get(1).get("status").asInt()).isEqualTo(202);
        assertThat(items.get(1).get("providerId").asString()).isEqualTo("acme");
        assertThat(items.get(1).get("sourceIp").asString()).isNotBlank();

        HttpResponse<String> refusedOnly = send(HttpRequest.newBuilder(url("/v1/audit/access?client=" + p.clientId()
                + "&status=4xx")).header("Authorization", "Bearer " + auditor).GET());
        assertThat(body(refusedOnly).get("items").size()).isEqualTo(1);
    }

    private HttpResponse<String> query(String auditor, String query) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/audit/access?" + query))
                .header("Authorization", "Bearer " + auditor).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    /**
     * Flushes the log and queries it until it holds at least {@code n} items: each record is written
     * when its exchange ends, which may be just after the client has its answer.
     */
    private HttpResponse<String> awaitItems(String auditor, String query, int n) {
        return await().atMost(WAIT).until(() -> {
            accessLog.flush();
            return query(auditor, query);
        }, r -> body(r).get("items").size() >= n);
    }

    private static java.util.List<Integer> statuses(HttpResponse<String> r) {
        java.util.List<Integer> s = new java.util.ArrayList<>();
        body(r).get("items").forEach(i -> s.add(i.get("status").asInt()));
        return s;
    }

    @Test
    void fromAndToSelectOnlyTheRecordsInTheWindowPageByPage() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        String auditor = token(client(Role.AUDITOR));
        assertThat(send(signedPost("/v1/transactions/batch", token, p.signingSecret(), batchBody(1))).statusCode())
                .isEqualTo(202);
        // records are stamped when each exchange ends: wait until both before the boundary are written
        assertThat(statuses(awaitItems(auditor, "client=" + p.clientId(), 2))).containsExactly(202, 200);
        Instant boundary = Instant.now();
        // the records after the boundary must be stamped strictly later, even rounded to the database's microseconds
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1))
                .until(() -> Instant.now().isAfter(boundary.plusMillis(1)));
        send(signedPost("/v1/transactions/batch", token, p.signingSecret() + "0", batchBody(1)));
        send(HttpRequest.newBuilder(url("/v1/transactions/batch")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batchBody(1))));
        assertThat(statuses(awaitItems(auditor, "client=" + p.clientId(), 4))).hasSize(4);
        String c = "client=" + p.clientId();

        // from is inclusive, to exclusive; newest first
        assertThat(statuses(query(auditor, c + "&from=" + boundary))).containsExactly(401, 401);
        assertThat(statuses(query(auditor, c + "&to=" + boundary))).containsExactly(202, 200);
        assertThat(statuses(query(auditor, c + "&to=" + boundary + "&status=202"))).containsExactly(202);
        assertThat(statuses(query(auditor, c + "&from=" + boundary + "&to=" + boundary.plusSeconds(3600)
                + "&status=2xx"))).isEmpty();
        assertThat(statuses(query(auditor, c + "&from=" + boundary.plusSeconds(3600)))).isEmpty();

        HttpResponse<String> first = query(auditor, c + "&from=" + boundary + "&status=4xx&size=1&page=0");
        HttpResponse<String> second = query(auditor, c + "&from=" + boundary + "&status=4xx&size=1&page=1");
        assertThat(body(first).get("hasMore").asBoolean()).isTrue();
        assertThat(body(second).get("hasMore").asBoolean()).isFalse();
        assertThat(body(first).get("items").get(0).get("refusal").asString()).isEqualTo("signature-missing");
        assertThat(body(second).get("items").get(0).get("refusal").asString()).isEqualTo("signature-invalid");
        assertThat(body(query(auditor, c + "&from=" + boundary + "&size=1&page=2")).get("items")).isEmpty();
    }

    @Test
    void malformedWindowIsRefusedNamingTheParameter() throws Exception {
        String auditor = token(client(Role.AUDITOR));
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/audit/access?from=yesterday&to=2026-11-25"))
                .header("Authorization", "Bearer " + auditor).GET());
        assertRefused(r, 400, "invalid-request");
        java.util.List<String> fields = new java.util.ArrayList<>();
        body(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("from", "to");
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private double count(String name, String... tags) {
        io.micrometer.core.instrument.Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void requestsAreCountedPerClientAndOutcomeAndRefusalsByReason() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        double invalidBefore = count("clearhouse.gateway.refusals", "reason", "signature-invalid");
        assertThat(send(signedPost("/v1/transactions/batch", token, p.signingSecret(), batchBody(1))).statusCode())
                .isEqualTo(202);
        send(signedPost("/v1/transactions/batch", token, p.signingSecret() + "0", batchBody(1)));
        send(signedPost("/v1/transactions/batch", token, p.signingSecret() + "0", batchBody(1)));
        // counted when each exchange ends, which may be just after the client has its answer
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("clearhouse.gateway.requests", "client", p.clientId(), "outcome", "allowed"))
                    .as("the token request and the accepted batch").isEqualTo(2);
            assertThat(count("clearhouse.gateway.requests", "client", p.clientId(), "outcome", "refused"))
                    .isEqualTo(2);
            // counted per reason across every client of the shared context: other tests' refusals may add to it
            assertThat(count("clearhouse.gateway.refusals", "reason", "signature-invalid") - invalidBefore)
                    .isGreaterThanOrEqualTo(2);
        });
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(url("/actuator/prometheus")).GET());
        assertThat(scrape.body()).contains("clearhouse_gateway_requests_total{", "client=\"" + p.clientId() + "\"",
                "clearhouse_gateway_refusals_total{");
    }

    @Test
    void pageSizeIsBounded() throws Exception {
        String auditor = token(client(Role.AUDITOR));
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/audit/access?size=100000"))
                .header("Authorization", "Bearer " + auditor).GET());
        assertRefused(r, 400, "invalid-request");
    }

    @Test
    void accessLogRefusesUpdatesEvenToTheOwner() throws Exception {
        send(HttpRequest.newBuilder(url("/v1/audit/access")).GET());
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            // the trigger fires per row: the refusal proves something only once a row is there
            await().atMost(WAIT).until(() -> {
                accessLog.flush();
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM gateway.access_log")) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            });
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                    c.createStatement().executeUpdate("UPDATE gateway.access_log SET status = 200")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }
}
