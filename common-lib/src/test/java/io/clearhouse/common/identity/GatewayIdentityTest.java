package io.clearhouse.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.identity.GatewayIdentity.Claim;
import org.junit.jupiter.api.Test;

class GatewayIdentityTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final GatewayIdentity identity = new GatewayIdentity(SECRET);
    private final Claim claim = new Claim("POST", "/v1/statements/x/approve", "bob", "FINANCE", null, "req-1");

    @Test
    void acceptsItsOwnSignatureWithinTheSkew() {
        String header = identity.sign(claim, 1_000);
        assertThat(identity.verify(header, claim, 1_000)).isTrue();
        assertThat(identity.verify(header, claim, 1_000 + GatewayIdentity.MAX_SKEW_SECONDS)).isTrue();
        assertThat(identity.verify(header, claim, 1_000 - GatewayIdentity.MAX_SKEW_SECONDS)).isTrue();
    }

    @Test
    void refusesAStaleOrFutureSignature() {
        String header = identity.sign(claim, 1_000);
        assertThat(identity.verify(header, claim, 1_000 + GatewayIdentity.MAX_SKEW_SECONDS + 1)).isFalse();
        assertThat(identity.verify(header, claim, 1_000 - GatewayIdentity.MAX_SKEW_SECONDS - 1)).isFalse();
    }

    @Test
    void refusesAnyChangedClaim() {
        String header = identity.sign(claim, 1_000);
        assertThat(identity.verify(header, new Claim("POST", claim.path(), "bob", "FINANCE,ADMIN", null, "req-1"), 1_000))
                .isFalse();
        assertThat(identity.verify(header, new Claim("POST", claim.path(), "eve", "FINANCE", null, "req-1"), 1_000))
                .isFalse();
        assertThat(identity.verify(header, new Claim("POST", claim.path(), "bob", "FINANCE", "acme", "req-1"), 1_000))
                .isFalse();
        assertThat(identity.verify(header, new Claim("GET", claim.path(), "bob", "FINANCE", null, "req-1"), 1_000))
                .isFalse();
        assertThat(identity.verify(header, new Claim("POST", "/v1/statements/y/approve", "bob", "FINANCE", null,
                "req-1"), 1_000)).isFalse();
        assertThat(identity.verify(header, new Claim("POST", claim.path(), "bob", "FINANCE", null, "req-2"), 1_000))
                .isFalse();
    }

    @Test
    void refusesAnotherSecretsSignatureAndMalformedHeaders() {
        String foreign = new GatewayIdentity(SECRET.replace('0', 'x')).sign(claim, 1_000);
        assertThat(identity.verify(foreign, claim, 1_000)).isFalse();
        assertThat(identity.verify(null, claim, 1_000)).isFalse();
        assertThat(identity.verify("", claim, 1_000)).isFalse();
        assertThat(identity.verify("t=1000", claim, 1_000)).isFalse();
        assertThat(identity.verify("t=abc,v1=00", claim, 1_000)).isFalse();
        assertThat(identity.verify("t=1000,v1=zz", claim, 1_000)).isFalse();
        assertThat(identity.verify("t=1000,n=,v2=00", claim, 1_000)).isFalse();
        assertThat(identity.verify("t=1000,n=ab,v2=zz", claim, 1_000)).isFalse();
    }

    @Test
    void theSignatureCoversTheBodyAndTheQuery() {
        Claim post = new Claim("POST", "/v1/fx/rates", "a=1&b=2", GatewayIdentity.Body.of(bytes("{\"rate\":\"1.1\"}")),
                "bob", "FINANCE", null, "req-1");
        String header = identity.sign(post, 1_000);
        assertThat(identity.verify(header, post, 1_000)).isTrue();
        assertThat(identity.verify(header, new Claim("POST", post.path(), post.query(),
                GatewayIdentity.Body.of(bytes("{\"rate\":\"9.9\"}")), "bob", "FINANCE", null, "req-1"), 1_000))
                .as("another body").isFalse();
        assertThat(identity.verify(header, new Claim("POST", post.path(), "a=1&b=3", post.body(), "bob", "FINANCE",
                null, "req-1"), 1_000)).as("another query").isFalse();
        assertThat(identity.verify(header, new Claim("POST", post.path(), "", post.body(), "bob", "FINANCE", null,
                "req-1"), 1_000)).as("no query").isFalse();
        assertThat(identity.verify(header, new Claim("POST", post.path(), post.query(),
                new GatewayIdentity.Body(post.body().length() + 1, post.body().sha256()), "bob", "FINANCE", null,
                "req-1"), 1_000)).as("another length").isFalse();
    }

    @Test
    void everySignatureOfTheSameClaimIsDifferentAndNamesItsExpiry() {
        String first = identity.sign(claim, 1_000);
        String second = identity.sign(claim, 1_000);
        assertThat(first).isNotEqualTo(second);
        GatewayIdentity.Verified v1 = identity.check(first, claim, 1_010);
        GatewayIdentity.Verified v2 = identity.check(second, claim, 1_010);
        assertThat(v1.signature()).isNotEqualTo(v2.signature());
        assertThat(v1.expiresAtEpochSeconds()).isEqualTo(1_000 + GatewayIdentity.MAX_SKEW_SECONDS);
        // a nonce is part of what is signed: another nonce with the same MAC is not the gateway's
        String forged = first.replaceFirst(",n=[0-9a-f]+,", ",n=00,");
        assertThat(identity.verify(forged, claim, 1_000)).isFalse();
    }

    @Test
    void theCanonicalQueryIgnoresEncodingAndPairOrderButNotValuesOrTheOrderOfOneNamesValues() {
        assertThat(GatewayIdentity.canonicalQuery(null)).isEmpty();
        assertThat(GatewayIdentity.canonicalQuery("")).isEmpty();
        assertThat(GatewayIdentity.canonicalQuery("b=2&a=x%20y")).isEqualTo("a=x%20y&b=2");
        assertThat(GatewayIdentity.canonicalQuery("a=x+y&b=2")).isEqualTo(GatewayIdentity.canonicalQuery("b=2&a=x%20y"));
        assertThat(GatewayIdentity.canonicalQuery("p=%7C&q=|")).isEqualTo("p=%7C&q=%7C");
        assertThat(GatewayIdentity.canonicalQuery("a&&b=")).isEqualTo("a=&b=");
        assertThat(GatewayIdentity.canonicalQuery("a=2&a=1")).isNotEqualTo(GatewayIdentity.canonicalQuery("a=1&a=2"));
        assertThat(GatewayIdentity.canonicalQuery("a=%zz")).isEqualTo("a=%25zz");
        assertThat(GatewayIdentity.canonicalQuery("d=%C3%A9")).isEqualTo(GatewayIdentity.canonicalQuery("d=\u00e9"));
    }

    @Test
    void aBodyHeaderRoundTripsAndMalformedOnesAreRefused() {
        GatewayIdentity.Body body = GatewayIdentity.Body.of(bytes("x"));
        assertThat(GatewayIdentity.Body.parse(body.header())).isEqualTo(body);
        assertThat(GatewayIdentity.Body.EMPTY.sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(GatewayIdentity.Body.parse(null)).isNull();
        assertThat(GatewayIdentity.Body.parse("length=1")).isNull();
        assertThat(GatewayIdentity.Body.parse("length=-1,sha-256=" + body.sha256())).isNull();
        assertThat(GatewayIdentity.Body.parse("length=1,sha-256=XYZ")).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void refusesAShortOrMissingSecret() {
        assertThatThrownBy(() -> new GatewayIdentity(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayIdentity("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CLEARHOUSE_IDENTITY_SECRET");
    }
}
