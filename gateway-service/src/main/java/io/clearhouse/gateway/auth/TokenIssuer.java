package io.clearhouse.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Issues RFC 9068 access tokens (JWT, {@code typ: at+jwt}, RS256) for API clients and console users. */
public final class TokenIssuer {

    private final SigningKeys keys;
    private final AuthProperties properties;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /** The token and its lifetime in seconds. */
    public record Issued(String token, long expiresIn, String scope) {
    }

    /** The client's secret version the token was issued under: a rotation revokes older tokens. */
    static final String SECRET_VERSION_CLAIM = "sv";

    public Issued issue(ApiClient client) {
        Instant now = clock.instant();
        java.time.Duration ttl = client.person() ? properties.personTokenTtl() : properties.tokenTtl();
        Instant exp = now.plus(ttl);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(client.clientId())
                .audience(properties.audience())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString())
                .claim(properties.clientIdClaim(), client.clientId())
                .claim("scope", client.role().scope())
                .claim(SECRET_VERSION_CLAIM, client.secretVersion())
                .claim(properties.rolesClaim(), List.of(client.role().name()));
        if (client.providerId() != null) {
            claims.claim(properties.providerClaim(), client.providerId());
        }
        return new Issued(sign(keys.current(), claims.build()), ttl.toSeconds(), client.role().scope());
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return jwt.serialize();
    }
}
