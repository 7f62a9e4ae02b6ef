package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.identity.Totp;
import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.Role;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * People who sign in to the console: created by an ADMIN, signed in with password and TOTP through the
 * password grant, their token usable like a client's, revoked by disable and reset; the console's route
 * is public (the console signs people in itself).
 */
class ConsoleSignInIT extends GatewayITBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private JsonNode createUser(String admin, String json, int expected) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/admin/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return body(r);
    }

    private HttpResponse<String> signIn(String user, String password, String otp) throws Exception {
        String form = "grant_type=password&username=" + enc(user) + "&password=" + enc(password) + "&otp=" + enc(otp);
        return send(HttpRequest.newBuilder(url("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String otp(JsonNode issued, int stepsAhead) {
        return Totp.code(issued.get("totpSecret").asString(), Totp.step(Instant.now()) + stepsAhead);
    }

    /** What the stub service received with this marker in its query (other test classes send at the same time). */
    private static Forwarded forwarded(String marker) {
        return FORWARDED.stream().filter(f -> f.uri().contains(marker)).findFirst().orElseThrow();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).GET());
    }

    @Test
    void aPersonSignsInWithPasswordAndCodeOnceAndActsUnderTheirOwnName() throws Exception {
        String admin = token(client(Role.ADMIN));
        String name = unique("fin").replace("-", ".");
        JsonNode issued = createUser(admin, "{\"userId\":\"" + name + "\",\"role\":\"FINANCE\",\"reason\":\"new hire\"}",
                201);
        assertThat(issued.get("password").asString()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(issued.get("otpauthUri").asString()).startsWith("otpauth://totp/Clearhouse%3A" + name);

        String code = otp(issued, 0);
        HttpResponse<String> ok = signIn(name, issued.get("password").asString(), code);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(body(ok).get("expires_in").asLong()).isEqualTo(Duration.ofHours(8).toSeconds());
        String token = body(ok).get("access_token").asString();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("client_id").asString()).isEqualTo(name);
        assertThat(claims.get("roles").get(0).asString()).isEqualTo("FINANCE");

        // the same code again is a replay
        assertThat(body(signIn(name, issued.get("password").asString(), code)).get("error").asString())
                .isEqualTo("invalid_grant");

        // the token works on the routes of the role, under the person's name
        String marker = unique("m");
        assertThat(get("/v1/statements?state=DRAFT&m=" + marker, token).statusCode()).isEqualTo(200);
        Forwarded f = forwarded(marker);
        assertThat(f.headers().get("X-clearhouse-actor")).containsExactly(name);
        assertThat(get("/v1/admin/users", token).statusCode()).isEqualTo(403);

        // listed by the ADMIN without secrets
        HttpResponse<String> list = get("/v1/admin/users", admin);
        assertThat(list.body()).contains("\"userId\":\"" + name + "\"").doesNotContain("password")
                .doesNotContain(issued.get("totpSecret").asString());
        // and not among the API clients
        assertThat(get("/v1/admin/clients", admin).body()).doesNotContain("\"" + name + "\"");
    }

    @Test
    void everyWrongFactorGetsTheSameAnswerAndNeitherKindCanUseTheOthersGrant() throws Exception {
        String admin = token(client(Role.ADMIN));
        String name = unique("op");
        JsonNode issued = createUser(admin, "{\"userId\":\"" + name + "\",\"role\":\"OPERATOR\"}", 201);
        String password = issued.get("password").asString();

        assertThat(signIn(name, password + "x", otp(issued, 0)).statusCode()).isEqualTo(400);
        String wrongCode = otp(issued, 0).equals("000000") ? "111111" : "000000";
        assertThat(body(signIn(name, password, wrongCode)).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(body(signIn(name, password, otp(issued, 5))).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(body(signIn("nobody-here", password, otp(issued, 0))).get("error").asString())
                .isEqualTo("invalid_grant");
        HttpResponse<String> missing = send(HttpRequest.newBuilder(url("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + name + "&password=x")));
        assertThat(body(missing).get("error").asString()).isEqualTo("invalid_request");

        // a person's password is not a client secret ...
        assertThat(tokenRequest(name, password).statusCode()).isEqualTo(401);
        // ... and a client cannot sign in as a person
        IssuedCredentials c = client(Role.OPERATOR);
        assertThat(body(signIn(c.clientId(), c.clientSecret(), "123456")).get("error").asString())
                .isEqualTo("invalid_grant");
        // still signs in after all that (failures are counted per user name, well under the limit)
        assertThat(signIn(name, password, otp(issued, 0)).statusCode()).isEqualTo(200);
    }

    @Test
    void disableAndResetRevokeThePersonsTokensAtOnce() throws Exception {
        String admin = token(client(Role.ADMIN));
        String name = unique("aud");
        JsonNode issued = createUser(admin, "{\"userId\":\"" + name + "\",\"role\":\"AUDITOR\"}", 201);
        String before = body(signIn(name, issued.get("password").asString(), otp(issued, 0)))
                .get("access_token").asString();
        assertThat(get("/v1/audit/access?size=1", before).statusCode()).isEqualTo(200);

        HttpResponse<String> reset = send(HttpRequest.newBuilder(url("/v1/admin/users/" + name + "/reset"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"lost phone\"}")));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        JsonNode again = body(reset);
        assertThat(again.get("totpSecret").asString()).isNotEqualTo(issued.get("totpSecret").asString());
        assertRefused(get("/v1/audit/access?size=1", before), 401, "invalid-token");
        assertThat(signIn(name, issued.get("password").asString(), otp(issued, 1)).statusCode()).isEqualTo(400);
        String after = body(signIn(name, again.get("password").asString(), otp(again, 0))).get("access_token").asString();
        assertThat(get("/v1/audit/access?size=1", after).statusCode()).isEqualTo(200);

        HttpResponse<String> disabled = send(HttpRequest.newBuilder(url("/v1/admin/users/" + name + "/disable"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"left\"}")));
        assertThat(body(disabled).get("enabled").asBoolean()).isFalse();
        await().atMost(WAIT).until(() -> get("/v1/audit/access?size=1", after).statusCode() == 401);
        assertThat(signIn(name, again.get("password").asString(), otp(again, 1)).statusCode()).isEqualTo(400);

        // a client of that name is not a user, and a user is not a client
        assertRefused(send(HttpRequest.newBuilder(url("/v1/admin/clients/" + name + "/disable"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody())), 404, "not-found");
    }

    @Test
    void anInvalidUserIsRefusedNamingTheFields() throws Exception {
        String admin = token(client(Role.ADMIN));
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/admin/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"X\",\"role\":\"PROVIDER\"}")));
        assertRefused(r, 400, "invalid-request");
        assertThat(r.body()).contains("userId").contains("providerId");
        String name = unique("dup");
        createUser(admin, "{\"userId\":\"" + name + "\",\"role\":\"FINANCE\"}", 201);
        assertRefused(send(HttpRequest.newBuilder(url("/v1/admin/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + name + "\",\"role\":\"FINANCE\"}"))),
                409, "conflict");
    }

    @Test
    void theConsoleRouteNeedsNoTokenAndCarriesNoIdentity() throws Exception {
        String marker = unique("m");
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/console/login?m=" + marker)).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        Forwarded f = forwarded(marker);
        assertThat(f.uri()).isEqualTo("/console/login?m=" + marker);
        assertThat(f.headers().keySet().stream().map(String::toLowerCase)).doesNotContain("x-clearhouse-actor");
    }
}
