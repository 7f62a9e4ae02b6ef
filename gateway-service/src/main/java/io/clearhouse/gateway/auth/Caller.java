package io.clearhouse.gateway.auth;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authenticated caller of one request, as the token says.
 *
 * @param secretVersion the client's secret version the token was issued under ({@code sv}); null for
 *                      an external issuer's tokens, which this gateway cannot revoke
 */
public record Caller(String clientId, Set<Role> roles, String providerId, Integer secretVersion) {

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public Caller(String clientId, Set<Role> roles, String providerId) {
        this(clientId, roles, providerId, null);
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }

    /** Comma-separated, in a stable order, as {@code X-Clearhouse-Roles} carries them. */
    public String rolesHeader() {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }
}
