package io.clearhouse.gateway.auth;

import java.time.Instant;
import java.util.List;

/**
 * One API client as stored. {@link #toString()} leaves the secrets out so that a client can never
 * be logged with them by accident.
 *
 * @param secretHash    bcrypt hash of the client secret
 * @param signingSecret the provider's HMAC key (the UTF-8 bytes of this string); null for other roles
 * @param allowedCidrs  the networks it may call from; empty means anywhere
 * @param burst         bucket capacity: the most requests (or batch items) at once
 * @param secretVersion grows by one at each secret rotation; tokens carry the version they were issued
 *                      under, so a rotation revokes every token issued before it
 * @param person        a person who signs in to the console (password and TOTP; {@code secretHash} is the
 *                      password's), not an API client
 */
public record ApiClient(String clientId, String secretHash, Role role, String providerId, String signingSecret,
                        List<String> allowedCidrs, int ratePerSecond, int burst, boolean enabled, String createdBy,
                        Instant createdAt, int secretVersion, boolean person) {

    public ApiClient {
        allowedCidrs = List.copyOf(allowedCidrs);
    }

    /** An API client. */
    public ApiClient(String clientId, String secretHash, Role role, String providerId, String signingSecret,
                     List<String> allowedCidrs, int ratePerSecond, int burst, boolean enabled, String createdBy,
                     Instant createdAt, int secretVersion) {
        this(clientId, secretHash, role, providerId, signingSecret, allowedCidrs, ratePerSecond, burst, enabled,
                createdBy, createdAt, secretVersion, false);
    }

    /** A client at its first secret. */
    public ApiClient(String clientId, String secretHash, Role role, String providerId, String signingSecret,
                     List<String> allowedCidrs, int ratePerSecond, int burst, boolean enabled, String createdBy,
                     Instant createdAt) {
        this(clientId, secretHash, role, providerId, signingSecret, allowedCidrs, ratePerSecond, burst, enabled,
                createdBy, createdAt, 1);
    }

    /** What may be shown about a client: everything but its secrets. */
    public ClientView view() {
        return new ClientView(clientId, role, providerId, allowedCidrs, ratePerSecond, burst, enabled, createdBy,
                createdAt);
    }

    /** What may be shown about a person. */
    public UserView userView() {
        return new UserView(clientId, role, providerId, enabled, createdBy, createdAt);
    }

    @Override
    public String toString() {
        return (person ? "Person[" : "ApiClient[") + clientId + ", " + role + (providerId == null ? "" : ", provider " + providerId)
                + (enabled ? "" : ", disabled") + "]";
    }

    /** A client without its secrets, as the admin API lists it. */
    public record ClientView(String clientId, Role role, String providerId, List<String> allowedCidrs,
                             int ratePerSecond, int burst, boolean enabled, String createdBy, Instant createdAt) {
    }

    /** A person as the admin API lists them. */
    public record UserView(String userId, Role role, String providerId, boolean enabled, String createdBy,
                           Instant createdAt) {
    }
}
