package io.clearhouse.gateway.config;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.gateway.auth.AuthProperties;
import io.clearhouse.gateway.auth.SigningKeys;
import io.clearhouse.gateway.auth.TokenIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/** Token signing keys, the token issuer and the token decoder (built-in issuer or an external one). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthConfig {

    private static final Logger log = LoggerFactory.getLogger(AuthConfig.class);

    @Bean
    SigningKeys signingKeys(AuthProperties properties, Clock clock,
                            @Value("${clearhouse.gateway.data-dir:}") String dataDir) throws IOException {
        if (properties.jwkSetFile() != null) {
            log.info("Token signing keys from {}", properties.jwkSetFile());
            return SigningKeys.configured(properties.jwkSetFile(), clock, properties.tokenTtl());
        }
        if (dataDir != null && !dataDir.isBlank()) {
            Path file = Path.of(dataDir).resolve("gateway").resolve("signing-keys.jwks.json");
            log.info("Token signing keys kept in {}", file);
            return SigningKeys.managed(file, clock, properties.tokenTtl());
        }
        log.warn("No clearhouse.gateway.auth.jwk-set-file and no data dir: token signing keys live in memory only");
        return SigningKeys.inMemory(clock, properties.tokenTtl());
    }

    @Bean
    TokenIssuer tokenIssuer(SigningKeys keys, AuthProperties properties, Clock clock) {
        return new TokenIssuer(keys, properties, clock);
    }

    @Bean
    BCryptPasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    @Bean
    AuditAppender auditAppender(JdbcTemplate jdbc, Clock clock) {
        return new AuditAppender(jdbc, clock);
    }

    /**
     * Verifies bearer tokens: signature by a known key, issuer, audience, expiry (60 s skew) and type.
     * With {@code clearhouse.gateway.auth.external.*} set, the keys come from that issuer instead.
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(AuthProperties properties, SigningKeys keys, Clock clock,
                                  @org.springframework.beans.factory.annotation.Value(
                                          "${clearhouse.gateway.auth.verified-token-cache-ttl:60s}") Duration cacheTtl) {
        AuthProperties.External external = properties.external();
        NimbusReactiveJwtDecoder decoder;
        String issuer;
        if (external.issuerUri() != null && !external.issuerUri().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withIssuerLocation(external.issuerUri()).validateType(false).build();
            issuer = external.issuerUri();
            log.info("Bearer tokens from the external issuer {}", issuer);
        } else if (external.jwkSetUri() != null && !external.jwkSetUri().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(external.jwkSetUri()).validateType(false).build();
            issuer = properties.issuer();
            log.info("Bearer tokens verified with the keys at {}", external.jwkSetUri());
        } else {
            decoder = NimbusReactiveJwtDecoder.withJwkSource(jwt -> Flux.fromIterable(keys.verificationKeys())
                            .filter(k -> k.getKeyID().equals(jwt.getHeader().getKeyID())))
                    .validateType(false).build();
            issuer = properties.issuer();
        }
        JwtTypeValidator type = new JwtTypeValidator("at+jwt", "JWT");
        type.setAllowEmpty(external.enabled());
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(properties.audience()));
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer), audience,
                type));
        // a busy provider's token is verified once per cacheTtl, not per request (bounded; never past exp)
        return cacheTtl.isZero() ? decoder
                : new io.clearhouse.gateway.auth.VerifiedTokenCache(decoder, clock, cacheTtl, 10_000);
    }

}
