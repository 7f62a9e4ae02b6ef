package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.NewClient;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.gateway.auth.SigningKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every refusal the issue lists, sent to the running gateway: the status, the problem type, and
 * that nothing reached {@code provider.transactions.v1}.
 */
class RefusalsIT extends GatewayITBase {

    @Autowired
    SigningKeys keys;

    private HttpResponse<String> refusedWithoutPublishing(HttpRequest.Builder request) throws Exception {
        long before = publishedCount();
        HttpResponse<String> r = send(request);
        assertThat(publishedCount()).as("records on provider.transactions.v1").isEqualTo(before);
        return r;
    }

    private String forgedToken(RSAKey key, String audience, Instant expiresAt, String clientId, String provider)
            throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("urn:clearhouse:gateway").subject(clientId)
                .audience(audience).issueTime(Date.from(expiresAt.minusSeconds(900)))
                .expirationTime(Date.from(expiresAt)).jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId).claim("roles", List.of("PROVIDER")).claim("provider_id", provider)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void refusesTransactionWithoutToken() throws Exception {
        byte[] body = batchBody(1);
        HttpResponse<String> r = refusedWithoutPublishing(HttpRequest.newBuilder(url("/v1/transactions/batch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertRefused(r, 401, "unauthenticated");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    }

    @Test
    void refusesExpiredToken() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = forgedToken(keys.current(), "clearhouse-api", Instant.now().minusSeconds(600), p.clientId(),
                "acme");
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                batchBody(1))), 401, "invalid-token");
    }

    @Test
    void refusesTokenSignedByAnotherKeyWithTheSameKeyId() throws Exception {
        IssuedCredentials p = provider("acme");
        RSAKey other = new RSAKeyGenerator(2048).keyID(keys.current().getKeyID()).generate();
        String token = forgedToken(other, "clearhouse-api", Instant.now().plusSeconds(300), p.clientId(), "acme");
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                batchBody(1))), 401, "invalid-token");
    }

    @Test
    void refusesTokenForAnotherAudience() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = forgedToken(keys.current(), "some-other-api", Instant.now().plusSeconds(300), p.clientId(),
                "acme");
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                batchBody(1))), 401, "invalid-token");
    }

    @Test
    void refusesProviderNamingAnotherProviderInQueryHeaderOrBody() throws Exception {
        IssuedCredentials a = provider("prov-a");
        String token = token(a);
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch?providerId=prov-b", token,
                a.signingSecret(), batchBody(1))), 403, "provider-mismatch");
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, a.signingSecret(),
                batchBody(1)).header("X-Clearhouse-Provider", "prov-b")), 403, "provider-mismatch");
        byte[] withProvider = ("[" + transactionJson(unique("tx")).replace("{", "{\"providerId\":\"prov-b\",") + "]")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = refusedWithoutPublishing(signedPost("/v1/transactions/batch", token,
                a.signingSecret(), withProvider));
        assertRefused(r, 400, "invalid-request");
        assertThat(r.body()).contains("[0].providerId");
        assertRefused(refusedWithoutPublishing(HttpRequest.newBuilder(url("/v1/transactions/x?providerId=prov-b"))
                .header("Authorization", "Bearer " + token).GET()), 403, "provider-mismatch");
    }

    @Test
    void refusesWrongSignature() throws Exception {
        IssuedCredentials p = provider("acme");
        IssuedCredentials other = provider("acme");
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token(p), other.signingSecret(),
                batchBody(1))), 401, "signature-invalid");
    }

    /** The HTTP counterpart of {@code RequestSignatureProperties}: seeded, so a failure can be replayed. */
    @Test
    void randomMutationsOfASignedRequestAreNeverAcceptedOverHttp() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        java.util.Random random = new java.util.Random(20261125);
        long before = publishedCount();
        for (int i = 0; i < 30; i++) {
            byte[] body = batchBody(1);
            long ts = Instant.now().getEpochSecond();
            String signature = io.clearhouse.gateway.protect.RequestSignature.sign(p.signingSecret(), Long.toString(ts),
                    body);
            String sentTs = Long.toString(ts);
            byte[] sentBody = body;
            String sentSignature = signature;
            switch (i % 3) {
                case 0 -> {
                    sentBody = body.clone();
                    sentBody[random.nextInt(sentBody.length)] ^= (byte) (1 << random.nextInt(8));
                }
                case 1 -> sentTs = Long.toString(ts + (1 + random.nextInt(1000)) * (random.nextBoolean() ? 1 : -1));
                default -> {
                    char[] c = signature.toCharArray();
                    int at = random.nextInt(c.length);
                    c[at] = c[at] == 'f' ? '0' : "0123456789abcdef".charAt("0123456789abcdef".indexOf(c[at]) + 1);
                    sentSignature = new String(c);
                }
            }
            HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/transactions/batch"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("X-Timestamp", sentTs).header("X-Signature", sentSignature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sentBody)));
            assertThat(r.statusCode()).as("mutation %d: %s", i, r.body()).isEqualTo(401);
        }
        assertThat(publishedCount()).isEqualTo(before);
    }

    @Test
    void refusesMissingSignature() throws Exception {
        IssuedCredentials p = provider("acme");
        assertRefused(refusedWithoutPublishing(HttpRequest.newBuilder(url("/v1/transactions/batch"))
                .header("Authorization", "Bearer " + token(p)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batchBody(1)))), 401, "signature-missing");
    }

    @Test
    void refusesReplayedTimestamp() throws Exception {
        IssuedCredentials p = provider("acme");
        long sixMinutesAgo = Instant.now().minusSeconds(360).getEpochSecond();
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token(p), p.signingSecret(),
                sixMinutesAgo, batchBody(1))), 401, "signature-expired");
    }

    @Test
    void refusesDisallowedAddress() throws Exception {
        IssuedCredentials p = client(new NewClient(unique("p-net"), Role.PROVIDER, "acme", List.of("10.0.0.0/8",
                "2001:db8::/32"), null, null, "test"));
        String token = token(p);
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                batchBody(1)).header("X-Forwarded-For", "192.0.2.7")), 403, "ip-not-allowed");
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                batchBody(1)).header("X-Forwarded-For", "2001:db9::1")), 403, "ip-not-allowed");
        long before = publishedCount();
        HttpResponse<String> allowed = send(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                batchBody(1)).header("X-Forwarded-For", "192.0.2.7, 10.1.2.3"));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(202);
        assertThat(publishedCount()).isEqualTo(before + 1);
    }

    @Test
    void refusesOverTheRateWithRetryAfter() throws Exception {
        // 1 a second, burst 10: the second batch of 10 fits again only after 10 s, so a slow machine between
        // the two requests (counting the topic's records takes a while) cannot turn the refusal into a 202
        IssuedCredentials p = client(new NewClient(unique("p-slow"), Role.PROVIDER, "acme", null, 1, 10, "test"));
        String token = token(p);
        HttpResponse<String> ok = send(signedPost("/v1/transactions/batch", token, p.signingSecret(), batchBody(10)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        HttpResponse<String> r = refusedWithoutPublishing(signedPost("/v1/transactions/batch", token,
                p.signingSecret(), batchBody(10)));
        assertRefused(r, 429, "rate-limited");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("10");
    }

    @Test
    void refusesOverTheSize() throws Exception {
        IssuedCredentials p = provider("acme");
        byte[] big = batchBody(400); // > 64KB, the test limit
        assertThat(big.length).isGreaterThan(64 * 1024);
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token(p), p.signingSecret(),
                big)), 413, "payload-too-large");
    }

    @Test
    void refusesJsonNestedTooDeep() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        byte[] deep = ("[" + "[".repeat(40) + "]".repeat(40) + "]").getBytes(StandardCharsets.UTF_8);
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                deep)), 400, "request-limits");
        // 17 levels (the limit is 16) inside the second transaction of an otherwise valid batch
        String nested = transactionJson(unique("tx")).replace("{\"providerTxId\"",
                "{\"extra\":" + "[".repeat(15) + "]".repeat(15) + ",\"providerTxId\"");
        byte[] body = ("[" + transactionJson(unique("tx")) + "," + nested + "]").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = refusedWithoutPublishing(signedPost("/v1/transactions/batch", token,
                p.signingSecret(), body));
        assertRefused(r, 400, "request-limits");
        assertThat(body(r).get("errors").get(0).get("field").asString()).startsWith("[1].extra");
        assertThat(body(r).get("errors").get(0).get("message").asString()).contains("16");
    }

    @Test
    void refusesStringLongerThanTheLimitNamingTheField() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        String tooLong = "x".repeat(4097); // the limit is 4,096 characters
        byte[] batch = ("[" + transactionJson(unique("tx")) + ","
                + transactionJson(unique("tx")).replace("\"r-1\"", "\"" + tooLong + "\"") + "]")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = refusedWithoutPublishing(signedPost("/v1/transactions/batch", token,
                p.signingSecret(), batch));
        assertRefused(r, 400, "request-limits");
        assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("[1].roundId");
        byte[] single = transactionJson(unique("tx")).replace("\"pl-1\"", "\"" + tooLong + "\"")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> one = refusedWithoutPublishing(signedPost("/v1/transactions", token,
                p.signingSecret(), single));
        assertRefused(one, 400, "request-limits");
        assertThat(body(one).get("errors").get(0).get("field").asString()).isEqualTo("playerRef");
    }

    @Test
    void refusesBatchOfMoreThanAThousandTransactions() throws Exception {
        IssuedCredentials p = provider("acme");
        // 1,001 items, kept under the 64 KB test body limit: the count is checked before the items
        byte[] body = ("[" + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = refusedWithoutPublishing(signedPost("/v1/transactions/batch", token(p),
                p.signingSecret(), body));
        assertRefused(r, 400, "invalid-request");
        assertThat(body(r).get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(body(r).get("errors").get(0).get("message").asString()).contains("1000");
    }

    @Test
    void refusesDisabledClientsToken() throws Exception {
        IssuedCredentials p = provider("acme");
        String token = token(p);
        clients.disable(p.clientId(), "test", "left the platform", null);
        assertRefused(refusedWithoutPublishing(signedPost("/v1/transactions/batch", token, p.signingSecret(),
                batchBody(1))), 401, "client-disabled");
    }

    @Test
    void refusesRoleThatDoesNotAllowTheRoute() throws Exception {
        String operator = token(client(Role.OPERATOR));
        assertRefused(refusedWithoutPublishing(HttpRequest.newBuilder(url("/v1/transactions/batch"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batchBody(1)))), 403, "forbidden");
        String provider = token(provider("acme"));
        assertRefused(send(HttpRequest.newBuilder(url("/v1/settlements/x"))
                .header("Authorization", "Bearer " + provider).GET()), 403, "forbidden");
        assertRefused(send(HttpRequest.newBuilder(url("/v1/admin/clients"))
                .header("Authorization", "Bearer " + token(client(Role.AUDITOR))).GET()), 403, "forbidden");
    }
}
