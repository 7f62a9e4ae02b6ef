package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.NewClient;
import io.clearhouse.gateway.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ADMIN client management over HTTP: secrets shown once, never listed; rotation and disabling take effect. */
class AdminApiIT extends GatewayITBase {

    @Test
    void adminCreatesListsRotatesAndDisablesClients() throws Exception {
        String admin = token(client(Role.ADMIN));
        String id = unique("p-new");
        HttpResponse<String> created = send(HttpRequest.newBuilder(url("/v1/admin/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"" + id
                        + "\",\"role\":\"PROVIDER\",\"providerId\":\"newco\",\"reason\":\"onboarding\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        JsonNode c = body(created);
        IssuedCredentials issued = new IssuedCredentials(id, Role.PROVIDER, "newco",
                c.get("clientSecret").asString(), c.get("signingSecret").asString());
        assertThat(issued.signingSecret()).hasSize(64);
        token(issued);

        HttpResponse<String> list = send(HttpRequest.newBuilder(url("/v1/admin/clients"))
                .header("Authorization", "Bearer " + admin).GET());
        assertThat(list.body()).contains(id).doesNotContain(issued.clientSecret())
                .doesNotContain(issued.signingSecret()).doesNotContain("secretHash");

        HttpResponse<String> rotated = send(HttpRequest.newBuilder(url("/v1/admin/clients/" + id + "/rotate-secret"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(tokenRequest(id, issued.clientSecret()).statusCode()).isEqualTo(401);
        assertThat(tokenRequest(id, body(rotated).get("clientSecret").asString()).statusCode()).isEqualTo(200);

        HttpResponse<String> disabled = send(HttpRequest.newBuilder(url("/v1/admin/clients/" + id + "/disable"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"offboarded\"}")));
        assertThat(body(disabled).get("enabled").asBoolean()).isFalse();
        assertThat(tokenRequest(id, body(rotated).get("clientSecret").asString()).statusCode()).isEqualTo(401);
    }

    @Test
    void bootstrapSecretCreatesTheAdminOnceAndNeverResetsIt() throws Exception {
        String id = unique("boot-admin");
        String secret = "a".repeat(20) + unique("s");
        NewClient request = new NewClient(id, Role.ADMIN, null, null, null, null, "first ADMIN");
        assertThat(clients.createIfAbsent(request, secret, "gateway-bootstrap")).isTrue();
        assertThat(tokenRequest(id, secret).statusCode()).isEqualTo(200);

        // a second replica, or a restart with another Secret value, changes nothing
        assertThat(clients.createIfAbsent(request, secret + "-other", "gateway-bootstrap")).isFalse();
        assertThat(tokenRequest(id, secret).statusCode()).isEqualTo(200);
        assertThat(tokenRequest(id, secret + "-other").statusCode()).isEqualTo(401);
    }

    @Test
    void invalidClientIsRefusedWithFieldErrors() throws Exception {
        String admin = token(client(Role.ADMIN));
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/admin/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"clientId\":\"X\",\"role\":\"PROVIDER\",\"allowedCidrs\":[\"10.0.0.0/33\"]}")));
        assertRefused(r, 400, "invalid-request");
        assertThat(r.body()).contains("clientId").contains("providerId").contains("allowedCidrs[0]");
    }

    @Test
    void rotatedSigningKeyKeepsEarlierTokensValid() throws Exception {
        IssuedCredentials admin = client(Role.ADMIN);
        String before = token(admin);
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/admin/keys/rotate"))
                .header("Authorization", "Bearer " + before).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(url("/v1/admin/clients")).header("Authorization", "Bearer " + before)
                .GET()).statusCode()).isEqualTo(200);
        String after = token(admin);
        assertThat(send(HttpRequest.newBuilder(url("/v1/admin/clients")).header("Authorization", "Bearer " + after)
                .GET()).statusCode()).isEqualTo(200);
        assertThat(body(send(HttpRequest.newBuilder(url("/.well-known/jwks.json")).GET())).get("keys").size())
                .isGreaterThanOrEqualTo(2);
    }
}
