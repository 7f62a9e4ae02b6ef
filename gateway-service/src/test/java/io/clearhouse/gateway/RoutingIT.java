package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What reaches the services behind the routes: the caller's identity set by the gateway, never the client's. */
class RoutingIT extends GatewayITBase {

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
}
