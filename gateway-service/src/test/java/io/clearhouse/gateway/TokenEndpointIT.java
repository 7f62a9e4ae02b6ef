package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import tools.jackson.databind.JsonNode;

/** The token endpoint against standard OAuth 2.0 clients and RFC 6749 §5.2 errors. */
class TokenEndpointIT extends GatewayITBase {

    private OAuth2AccessTokenResponse springClient(IssuedCredentials c, ClientAuthenticationMethod method) {
        ClientRegistration registration = ClientRegistration.withRegistrationId("clearhouse")
                .tokenUri(url("/oauth2/token").toString())
                .clientId(c.clientId()).clientSecret(c.clientSecret())
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .build();
        return new RestClientClientCredentialsTokenResponseClient()
                .getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration));
    }

    @Test
    void springSecurityClientCredentialsClientObtainsAUsableTokenWithBasicAuth() throws Exception {
        IssuedCredentials auditor = client(Role.AUDITOR);
        OAuth2AccessTokenResponse response = springClient(auditor, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(response.getAccessToken().getTokenType().getValue()).isEqualToIgnoringCase("Bearer");
        assertThat(response.getAccessToken().getExpiresAt()).isAfter(response.getAccessToken().getIssuedAt());
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/audit/access?size=1"))
                .header("Authorization", "Bearer " + response.getAccessToken().getTokenValue()).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void springSecurityClientCredentialsClientObtainsATokenWithFormAuth() {
        IssuedCredentials operator = client(Role.OPERATOR);
        OAuth2AccessTokenResponse response = springClient(operator, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(response.getAccessToken().getScopes()).containsExactly("operator");
    }

    @Test
    void tokenCarriesRfc9068ClaimsAndTheProviderBinding() throws Exception {
        IssuedCredentials p = provider("acme");
        String[] parts = token(p).split("\\.");
        JsonNode header = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("typ").asString()).isEqualTo("at+jwt");
        for (String claim : new String[] {"iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope"}) {
            assertThat(claims.has(claim)).as(claim).isTrue();
        }
        assertThat(claims.get("provider_id").asString()).isEqualTo("acme");
        assertThat(claims.get("roles").get(0).asString()).isEqualTo("PROVIDER");
        HttpResponse<String> jwks = send(HttpRequest.newBuilder(url("/.well-known/jwks.json")).GET());
        assertThat(body(jwks).get("keys").get(0).get("kid").asString()).isEqualTo(header.get("kid").asString());
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    @Test
    void wrongSecretIsInvalidClientWithChallenge() throws Exception {
        IssuedCredentials c = client(Role.FINANCE);
        HttpResponse<String> r = tokenRequest(c.clientId(), c.clientSecret() + "x");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(body(r).get("error").asString()).isEqualTo("invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
        assertThat(tokenRequest("no-such-client", "whatever").statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedFailedAuthenticationsFromOneAddressAreThrottledButOthersAreNot() throws Exception {
        IssuedCredentials c = client(Role.FINANCE);
        String basic = java.util.Base64.getEncoder().encodeToString((c.clientId() + ":wrong").getBytes());
        HttpRequest.Builder guess = HttpRequest.newBuilder(url("/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("X-Forwarded-For", "198.51.100.77")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
        // 20 failures are allowed, then one more every 6 s: on a slow machine a few refill while the
        // bcrypt comparisons run, so count the failures until the throttle answers, within a bound
        int failures = 0;
        HttpResponse<String> throttled = send(guess);
        while (throttled.statusCode() == 401 && failures < 40) {
            failures++;
            throttled = send(guess);
        }
        assertThat(failures).as("failures allowed before the throttle").isBetween(20, 39);
        assertRefused(throttled, 429, "rate-limited");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(tokenRequest(c.clientId(), c.clientSecret()).statusCode()).isEqualTo(200);
    }

    @Test
    void otherGrantTypesAreUnsupported() throws Exception {
        IssuedCredentials c = client(Role.FINANCE);
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + c.clientId()
                        + "&client_secret=" + c.clientSecret())));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r).get("error").asString()).isEqualTo("unsupported_grant_type");
    }

    private HttpResponse<String> form(String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(url("/oauth2/token")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void missingGrantTypeOrNonFormBodyIsInvalidRequest() throws Exception {
        IssuedCredentials c = client(Role.FINANCE);
        String credentials = "client_id=" + c.clientId() + "&client_secret=" + c.clientSecret();
        HttpResponse<String> noGrant = form("application/x-www-form-urlencoded", credentials);
        assertThat(noGrant.statusCode()).isEqualTo(400);
        assertThat(body(noGrant).get("error").asString()).isEqualTo("invalid_request");
        assertThat(body(noGrant).get("error_description").asString()).contains("grant_type");
        assertThat(noGrant.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        HttpResponse<String> json = form("application/json", "{\"grant_type\":\"client_credentials\"}");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(body(json).get("error").asString()).isEqualTo("invalid_request");
        HttpResponse<String> bothMethods = send(HttpRequest.newBuilder(url("/oauth2/token"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (c.clientId() + ":" + c.clientSecret()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&" + credentials)));
        assertThat(bothMethods.statusCode()).isEqualTo(400);
        assertThat(body(bothMethods).get("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void scopeTheClientDoesNotHoldIsInvalidScope() throws Exception {
        IssuedCredentials c = client(Role.FINANCE);
        String credentials = "grant_type=client_credentials&client_id=" + c.clientId() + "&client_secret="
                + c.clientSecret();
        HttpResponse<String> admin = form("application/x-www-form-urlencoded", credentials + "&scope=admin");
        assertThat(admin.statusCode()).isEqualTo(400);
        assertThat(body(admin).get("error").asString()).isEqualTo("invalid_scope");
        assertThat(body(admin).has("access_token")).isFalse();
        HttpResponse<String> mixed = form("application/x-www-form-urlencoded", credentials + "&scope=finance+admin");
        assertThat(body(mixed).get("error").asString()).isEqualTo("invalid_scope");
        HttpResponse<String> own = form("application/x-www-form-urlencoded", credentials + "&scope=finance");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(body(own).get("scope").asString()).isEqualTo("finance");
    }

    @Test
    void rotatingTheSecretRevokesTokensIssuedBeforeIt() throws Exception {
        IssuedCredentials c = client(Role.AUDITOR);
        String before = token(c);
        HttpRequest.Builder read = HttpRequest.newBuilder(url("/v1/audit/access?size=1")).GET();
        assertThat(send(read.copy().header("Authorization", "Bearer " + before)).statusCode()).isEqualTo(200);

        IssuedCredentials rotated = clients.rotateSecret(c.clientId(), "test", "suspected leak", null);
        assertRefused(send(read.copy().header("Authorization", "Bearer " + before)), 401, "invalid-token");
        assertThat(tokenRequest(c.clientId(), c.clientSecret()).statusCode()).as("the old secret").isEqualTo(401);
        String after = token(rotated);
        assertThat(send(read.copy().header("Authorization", "Bearer " + after)).statusCode()).isEqualTo(200);
    }

    @Test
    void disabledClientGetsNoToken() throws Exception {
        IssuedCredentials c = client(Role.FINANCE);
        clients.disable(c.clientId(), "test", "test", null);
        assertThat(body(tokenRequest(c.clientId(), c.clientSecret())).get("error").asString())
                .isEqualTo("invalid_client");
    }
}
