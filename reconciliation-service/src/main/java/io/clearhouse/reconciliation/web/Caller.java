package io.clearhouse.reconciliation.web;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentityFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * Who is calling, as the gateway states it in {@link CallerHeaders}, trusted only when
 * {@link GatewayIdentityFilter} verified the gateway's signature over them. The actor is the "who" of
 * every audit entry.
 *
 * @param providerId for PROVIDER callers, the provider they are bound to; otherwise null
 */
public record Caller(String actor, Set<String> roles, String providerId, String requestId) {

    public static final String PROVIDER = "PROVIDER";
    public static final String OPERATOR = "OPERATOR";
    public static final String FINANCE = "FINANCE";
    public static final String AUDITOR = "AUDITOR";
    public static final String ADMIN = "ADMIN";

    public static Caller from(HttpServletRequest request) {
        String actor = GatewayIdentityFilter.verified(request)
                ? trimToNull(request.getHeader(CallerHeaders.ACTOR)) : null;
        if (actor == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, ApiException.UNAUTHENTICATED,
                    "no authenticated caller (" + CallerHeaders.ACTOR + " missing)");
        }
        String rolesHeader = request.getHeader(CallerHeaders.ROLES);
        Set<String> roles = rolesHeader == null ? Set.of() : Arrays.stream(rolesHeader.split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).map(String::toUpperCase)
                .collect(Collectors.toUnmodifiableSet());
        return new Caller(actor, roles, trimToNull(request.getHeader(CallerHeaders.PROVIDER)),
                trimToNull(request.getHeader(CallerHeaders.REQUEST_ID)));
    }

    /** Staff see every provider's statements, runs and exceptions. */
    public boolean isStaff() {
        return has(OPERATOR) || has(FINANCE) || has(AUDITOR) || has(ADMIN);
    }

    /**
     * Refuses to show a resource of {@code ownerProviderId} to a caller who may not see it: a
     * PROVIDER caller gets 404 for another provider's resource (its existence is not disclosed).
     */
    public void requireVisible(String ownerProviderId, String what) {
        if (isStaff()) {
            return;
        }
        if (has(PROVIDER) && providerId != null) {
            if (!providerId.equals(ownerProviderId)) {
                throw ApiException.notFound(what);
            }
            return;
        }
        throw new ApiException(HttpStatus.FORBIDDEN, ApiException.FORBIDDEN,
                "requires PROVIDER (own provider) or one of OPERATOR, FINANCE, AUDITOR, ADMIN");
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Refuses with 403 unless the caller holds one of the roles. */
    public Caller require(String... anyOf) {
        for (String role : anyOf) {
            if (has(role)) {
                return this;
            }
        }
        throw new ApiException(HttpStatus.FORBIDDEN, ApiException.FORBIDDEN,
                "requires one of the roles " + String.join(", ", anyOf));
    }

    /**
     * The provider this call acts for: a PROVIDER caller only for its own provider (a different
     * {@code requested} is refused), staff for the one they name.
     */
    public String providerScope(String requested, String... staffRoles) {
        for (String role : staffRoles) {
            if (has(role)) {
                if (requested == null || requested.isBlank()) {
                    throw ApiException.invalidField("providerId", "is required");
                }
                return requested;
            }
        }
        if (has(PROVIDER) && providerId != null) {
            if (requested != null && !requested.isBlank() && !requested.equals(providerId)) {
                throw new ApiException(HttpStatus.FORBIDDEN, ApiException.FORBIDDEN,
                        "a provider may act only for its own provider id");
            }
            return providerId;
        }
        throw new ApiException(HttpStatus.FORBIDDEN, ApiException.FORBIDDEN,
                "requires PROVIDER (own provider) or one of " + String.join(", ", staffRoles));
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
