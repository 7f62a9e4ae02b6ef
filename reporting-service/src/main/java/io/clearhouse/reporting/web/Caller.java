package io.clearhouse.reporting.web;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentityFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who is calling, from the headers the gateway sets and signs ({@link GatewayIdentityFilter} verified
 * them). Deny by default: a request without a verified identity is 401, one without an allowed role
 * 403. Minimal on purpose: the shared service-support module replaces it.
 */
public record Caller(String actor, Set<Role> roles, String providerId, String requestId) {

    /** The platform's roles; an unknown role name in the header is ignored. */
    public enum Role { PROVIDER, OPERATOR, FINANCE, AUDITOR, ADMIN }

    public static Caller of(HttpServletRequest request) {
        if (!GatewayIdentityFilter.verified(request)) {
            throw new Unauthenticated("no caller identity signed by the gateway (" + CallerHeaders.IDENTITY + ")");
        }
        String actor = request.getHeader(CallerHeaders.ACTOR);
        if (actor == null || actor.isBlank()) {
            throw new Unauthenticated("no caller (" + CallerHeaders.ACTOR + ")");
        }
        String header = request.getHeader(CallerHeaders.ROLES);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (header != null) {
            Arrays.stream(header.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).forEach(r -> {
                try {
                    roles.add(Role.valueOf(r));
                } catch (IllegalArgumentException ignored) {
                    // a role this service does not know grants nothing here
                }
            });
        }
        String provider = request.getHeader(CallerHeaders.PROVIDER);
        return new Caller(actor.trim(), Set.copyOf(roles), provider == null || provider.isBlank() ? null : provider.trim(),
                request.getHeader(CallerHeaders.REQUEST_ID));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Finance and auditors read every report. */
    public boolean readsEverything() {
        return has(Role.FINANCE) || has(Role.AUDITOR);
    }

    /** A provider client bound to one provider, reading only its own final reports. */
    public boolean isProviderOnly() {
        return !readsEverything() && has(Role.PROVIDER) && providerId != null;
    }

    /** @throws Forbidden unless the caller reads everything or is a bound provider client */
    public Caller requireReportReader() {
        if (readsEverything() || isProviderOnly()) {
            return this;
        }
        throw new Forbidden("requires role FINANCE or AUDITOR (or PROVIDER for its own final reports)");
    }

    /** @throws Forbidden unless FINANCE or AUDITOR */
    public Caller requireFinanceOrAuditor() {
        if (readsEverything()) {
            return this;
        }
        throw new Forbidden("requires role FINANCE or AUDITOR");
    }

    /** 401. */
    public static final class Unauthenticated extends RuntimeException {
        public Unauthenticated(String message) {
            super(message);
        }
    }

    /** 403. */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String message) {
            super(message);
        }
    }
}
