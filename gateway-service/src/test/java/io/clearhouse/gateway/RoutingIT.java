package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.identity.GatewayIdentity;
import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.config.HttpClientProperties;

/** What reaches the services behind the routes: the caller's identity set by the gateway, never the client's. */
class RoutingIT extends GatewayITBase {

    @Autowired
    GatewayIdentity identity;

    @Autowired
    HttpClientProperties httpClient;

    @BeforeEach
    void clear() {
        FORWARDED.clear();
    }

    private static String header(Forwarded f, String name) {
        return f.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    @Test
    void providerStatusQueryCarriesTheProviderFromTheToken() throws Exception {
        IssuedCredentials p = provider("acme");
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/transactions/tx-1"))
                .header("Authorization", "Bearer " + token(p))
                .header("X-Clearhouse-Roles", "ADMIN").header("X-Clearhouse-Actor", "someone-else").GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Forwarded f = FORWARDED.poll();
        assertThat(f.uri()).isEqualTo("/v1/transactions/tx-1?providerId=acme");
        assertThat(header(f, "X-Clearhouse-Actor")).isEqualTo(p.clientId());
        assertThat(header(f, "X-Clearhouse-Roles")).isEqualTo("PROVIDER");
        assertThat(header(f, "X-Clearhouse-Provider")).isEqualTo("acme");
        assertThat(header(f, "X-Request-Id")).isNotBlank();
        assertThat(header(f, "Authorization")).isNull();
    }

    @Test
    void providerReadsOfSettlementStatementsAreScopedToItsProviderAndItsWritesRefused() throws Exception {
        IssuedCredentials p = provider("acme");
        String bearer = "Bearer " + token(p);
        HttpResponse<String> list = send(HttpRequest.newBuilder(url("/v1/statements?status=PAID"))
                .header("Authorization", bearer).GET());
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        Forwarded f = FORWARDED.poll();
        assertThat(f.uri()).isEqualTo("/v1/statements?status=PAID&providerId=acme");
        assertThat(header(f, "X-Clearhouse-Provider")).isEqualTo("acme");
        assertThat(send(HttpRequest.newBuilder(url("/v1/statements/acme:2026-11-24:v1/document"))
                .header("Authorization", bearer).GET()).statusCode()).isEqualTo(200);
        assertThat(FORWARDED.poll().uri()).startsWith("/v1/statements/acme:2026-11-24:v1/document");

        for (HttpRequest.Builder refused : List.of(
                HttpRequest.newBuilder(url("/v1/statements/acme:2026-11-24:v1/approve"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                HttpRequest.newBuilder(url("/v1/statements/acme:2026-11-24:v1/lines/1/explain")).GET(),
                HttpRequest.newBuilder(url("/v1/settlements/aggregates?businessDate=2026-11-24")).GET())) {
            assertThat(send(refused.header("Authorization", bearer)).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aProviderReachesReportsAsItselfButNeverTheTransactionExport() throws Exception {
        IssuedCredentials p = provider("acme");
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/reports/daily-settlement?date=2026-03-02&format=pdf"))
                .header("Authorization", "Bearer " + token(p)).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Forwarded f = FORWARDED.poll();
        assertThat(f.uri()).startsWith("/v1/reports/daily-settlement?date=2026-03-02&format=pdf");
        assertThat(header(f, "X-Clearhouse-Roles")).isEqualTo("PROVIDER");
        assertThat(header(f, "X-Clearhouse-Provider")).isEqualTo("acme");

        HttpResponse<String> export = send(HttpRequest.newBuilder(url("/v1/reports/transactions?date=2026-03-02"))
                .header("Authorization", "Bearer " + token(p)).GET());
        assertThat(export.statusCode()).isEqualTo(403);
        assertThat(FORWARDED).isEmpty();
    }

    @Test
    void graphqlIsRoutedToReportingForFinanceAndProvidersAsThemselvesAndRefusedToOperators() throws Exception {
        String query = "{\"query\":\"{ statements(from: \\\"2026-03-01\\\", to: \\\"2026-03-02\\\") "
                + "{ edges { cursor } } }\"}";
        IssuedCredentials p = provider("acme");
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/graphql"))
                .header("Authorization", "Bearer " + token(p)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Forwarded f = FORWARDED.poll();
        assertThat(f.uri()).startsWith("/graphql");
        assertThat(new String(f.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(query);
        assertThat(header(f, "X-Clearhouse-Roles")).isEqualTo("PROVIDER");
        assertThat(header(f, "X-Clearhouse-Provider")).isEqualTo("acme");
        assertThat(verifies(f, "POST", "/graphql")).isTrue();

        HttpResponse<String> finance = send(HttpRequest.newBuilder(url("/graphql"))
                .header("Authorization", "Bearer " + token(client(Role.FINANCE)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query)));
        assertThat(finance.statusCode()).as(finance.body()).isEqualTo(200);
        assertThat(header(FORWARDED.poll(), "X-Clearhouse-Roles")).isEqualTo("FINANCE");

        HttpResponse<String> operator = send(HttpRequest.newBuilder(url("/graphql"))
                .header("Authorization", "Bearer " + token(client(Role.OPERATOR)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query)));
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(FORWARDED).isEmpty();
    }

    /** Whether the forwarded identity verifies for this method and path with the query and body the service got. */
    private boolean verifies(Forwarded f, String method, String path) {
        int q = f.uri().indexOf('?');
        return identity.verify(header(f, "X-Clearhouse-Identity"), new GatewayIdentity.Claim(method, path,
                GatewayIdentity.canonicalQuery(q < 0 ? null : f.uri().substring(q + 1)),
                GatewayIdentity.Body.of(f.body()), header(f, "X-Clearhouse-Actor"), header(f, "X-Clearhouse-Roles"),
                header(f, "X-Clearhouse-Provider"), header(f, "X-Request-Id")), Instant.now().getEpochSecond());
    }

    @Test
    void theSignatureCoversTheQueryAndTheBodyTheServiceGetsWithAFreshNonceEachTime() throws Exception {
        String operator = "Bearer " + token(client(Role.OPERATOR));
        String body = "{\"reason\":\"check\",\"n\":1}";
        for (int i = 0; i < 2; i++) {
            assertThat(send(HttpRequest.newBuilder(url("/v1/exceptions/7/assign?note=a%20b&x=1"))
                    .header("Authorization", operator).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(200);
        }
        Forwarded first = FORWARDED.poll();
        Forwarded second = FORWARDED.poll();
        assertThat(new String(first.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(header(first, "X-Clearhouse-Body")).isEqualTo(GatewayIdentity.Body.of(first.body()).header());
        assertThat(verifies(first, "POST", "/v1/exceptions/7/assign")).isTrue();
        assertThat(verifies(second, "POST", "/v1/exceptions/7/assign")).isTrue();
        assertThat(header(first, "X-Clearhouse-Identity")).as("a nonce in every signature: never the same twice")
                .isNotEqualTo(header(second, "X-Clearhouse-Identity"));
        // another body or another query does not verify
        Forwarded otherBody = new Forwarded(first.method(), first.uri(), first.headers(),
                "{\"reason\":\"check\",\"n\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
        assertThat(verifies(otherBody, "POST", "/v1/exceptions/7/assign")).isFalse();
        Forwarded otherQuery = new Forwarded(first.method(), "/v1/exceptions/7/assign?note=a%20b&x=2",
                first.headers(), first.body(), 0);
        assertThat(verifies(otherQuery, "POST", "/v1/exceptions/7/assign")).isFalse();
    }

    @Test
    void servicesReceiveASignedIdentityForTheMethodAndPathTheySeeNeverTheClients() throws Exception {
        IssuedCredentials p = provider("acme");
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/transactions/tx-9?x=1"))
                .header("Authorization", "Bearer " + token(p))
                .header("X-Clearhouse-Identity", "t=1,v1=00").header("X-Request-Id", "req-routing-1").GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Forwarded f = FORWARDED.poll();
        assertThat(f.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("X-Clearhouse-Identity"))
                .flatMap(e -> e.getValue().stream())).hasSize(1).first().asString().startsWith("t=")
                .isNotEqualTo("t=1,v1=00");
        assertThat(header(f, "X-Request-Id")).isEqualTo("req-routing-1");
        assertThat(verifies(f, "GET", "/v1/transactions/tx-9")).isTrue();
        // bound to the route and the caller: any other method, path or role does not verify
        assertThat(verifies(f, "POST", "/v1/transactions/tx-9")).isFalse();
        assertThat(verifies(f, "GET", "/v1/transactions/tx-10")).isFalse();
        assertThat(identity.verify(header(f, "X-Clearhouse-Identity"), new GatewayIdentity.Claim("GET",
                "/v1/transactions/tx-9", header(f, "X-Clearhouse-Actor"), "ADMIN", "acme", "req-routing-1"),
                Instant.now().getEpochSecond())).isFalse();

        String operator = token(client(Role.OPERATOR));
        assertThat(send(HttpRequest.newBuilder(url("/v1/ingest/summary")).header("Authorization", "Bearer " + operator)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(200);
        Forwarded op = FORWARDED.poll();
        assertThat(header(op, "X-Clearhouse-Provider")).isNull();
        assertThat(verifies(op, "POST", "/v1/ingest/summary")).isTrue();
    }

    @Test
    void operatorMayQueryAnyProviderAndForgedHeadersAreStripped() throws Exception {
        IssuedCredentials op = client(Role.OPERATOR);
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/transactions/tx-1?providerId=other"))
                .header("Authorization", "Bearer " + token(op)).header("X-Clearhouse-Provider", "forged").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        Forwarded f = FORWARDED.poll();
        assertThat(f.uri()).isEqualTo("/v1/transactions/tx-1?providerId=other");
        assertThat(header(f, "X-Clearhouse-Provider")).isNull();
        assertThat(header(f, "X-Clearhouse-Roles")).isEqualTo("OPERATOR");
    }

    @Test
    void chunkedRoutedBodyOverTheLimitIsRefusedWith413() throws Exception {
        String operator = token(client(Role.OPERATOR));
        byte[] big = new byte[300 * 1024]; // > the tests' 256 KB routed-body limit, sent without Content-Length
        java.util.Arrays.fill(big, (byte) 'x');
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/ingest/replay"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertRefused(r, 413, "payload-too-large");
        assertThat(FORWARDED).as("no complete request reached the service").isEmpty();

        byte[] small = new byte[100 * 1024];
        java.util.Arrays.fill(small, (byte) 'y');
        HttpResponse<String> ok = send(HttpRequest.newBuilder(url("/v1/ingest/replay"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(small))));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(FORWARDED.poll().body()).isEqualTo(small);
    }

    @Test
    void eachRoleReachesItsRoutes() throws Exception {
        String finance = token(client(Role.FINANCE));
        String auditor = token(client(Role.AUDITOR));
        for (String path : List.of("/v1/contracts", "/v1/settlements/x", "/v1/reports/daily", "/v1/fx/rates")) {
            assertThat(send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + finance).GET())
                    .statusCode()).as(path).isEqualTo(200);
        }
        assertThat(send(HttpRequest.newBuilder(url("/v1/audit/verify")).header("Authorization", "Bearer " + auditor)
                .GET()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(url("/v1/settlements/x")).header("Authorization", "Bearer " + auditor)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
    }

    /**
     * A pooled connection is retired before the service at its other end closes it idle (Tomcat after 60 s, this
     * test's stub after 30 s): reused while the service was closing it, a forwarded upload failed with a 500
     * (PrematureCloseException while sending the body) in a fresh-clone build.
     */
    @Test
    void pooledConnectionsToServicesAreRetiredBeforeTheServicesCloseThemIdle() throws Exception {
        Duration maxIdle = httpClient.getPool().getMaxIdleTime();
        assertThat(maxIdle).isNotNull().isPositive().isLessThan(Duration.ofSeconds(30));
        IssuedCredentials p = provider("acme");
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/transactions/tx-1"))
                .header("Authorization", "Bearer " + token(p)).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
