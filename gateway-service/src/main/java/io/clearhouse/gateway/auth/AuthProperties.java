package io.clearhouse.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers are authenticated ({@code clearhouse.gateway.auth.*}).
 *
 * @param issuer         the {@code iss} of the tokens the gateway issues and accepts
 * @param audience       the {@code aud} every accepted token must carry
 * @param tokenTtl       lifetime of an issued access token
 * @param personTokenTtl lifetime of a person's token (the console's sign-in): a working day; disabling or
 *                       resetting the person revokes it at once
 * @param jwkSetFile     a JWK set with private keys, mounted as a secret in production: the first key
 *                       signs, all verify; rotation = put the new key first, keep the old one until
 *                       its tokens expired, restart. Without it the keys are generated and kept
 *                       under {@code clearhouse.gateway.data-dir} (embedded stack), or only in memory
 * @param external       an external OIDC issuer that replaces the built-in one
 * @param rolesClaim     the claim holding the caller's roles (a list or a space-separated string)
 * @param providerClaim  the claim holding a PROVIDER's provider id
 * @param clientIdClaim  the claim naming the API client (falls back to {@code azp}, then {@code sub})
 */
@ConfigurationProperties("clearhouse.gateway.auth")
public record AuthProperties(@DefaultValue("urn:clearhouse:gateway") String issuer,
                             @DefaultValue("clearhouse-api") String audience,
                             @DefaultValue("15m") Duration tokenTtl,
                             @DefaultValue("8h") Duration personTokenTtl,
                             Path jwkSetFile,
                             @DefaultValue External external,
                             @DefaultValue("roles") String rolesClaim,
                             @DefaultValue("provider_id") String providerClaim,
                             @DefaultValue("client_id") String clientIdClaim) {

    /**
     * @param issuerUri  OIDC issuer (discovery at {@code <issuer-uri>/.well-known/openid-configuration})
     * @param jwkSetUri  or just its JWK set; then {@code iss} must equal {@link AuthProperties#issuer()}
     */
    public record External(String issuerUri, String jwkSetUri) {

        public boolean enabled() {
            return (issuerUri != null && !issuerUri.isBlank()) || (jwkSetUri != null && !jwkSetUri.isBlank());
        }
    }
}
