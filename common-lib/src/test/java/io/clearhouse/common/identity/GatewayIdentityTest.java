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
    }

    @Test
    void refusesAShortOrMissingSecret() {
        assertThatThrownBy(() -> new GatewayIdentity(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayIdentity("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CLEARHOUSE_IDENTITY_SECRET");
    }
}
