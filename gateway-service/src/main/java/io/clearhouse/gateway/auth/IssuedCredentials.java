package io.clearhouse.gateway.auth;

/**
 * Secrets as issued, shown once in the answer to a create or rotate and never again.
 *
 * @param signingSecret the provider's HMAC key; null for other roles
 */
public record IssuedCredentials(String clientId, Role role, String providerId, String clientSecret,
                                String signingSecret) {

    @Override
    public String toString() {
        return "IssuedCredentials[" + clientId + ", " + role + ", secrets hidden]";
    }
}
