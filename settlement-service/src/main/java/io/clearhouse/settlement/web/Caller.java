package io.clearhouse.settlement.web;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentityFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling, from the headers the gateway sets and signs ({@link GatewayIdentityFilter} verified the
 * signature, or the caller is anonymous). The service checks roles again itself (defence in depth)
 * and uses the actor for audit and maker-checker.
 */
public record Caller(String actor, Set<String> roles, String requestId) {

    public static final String FINANCE = "FINANCE";
    public static Caller of(HttpServletRequest request) {
        if (!GatewayIdentityFilter.verified(request)) {
            return new Caller(null, Set.of(), request.getHeader(CallerHeaders.REQUEST_ID));
        }
        String actor = request.getHeader(CallerHeaders.ACTOR);
        String roles = request.getHeader(CallerHeaders.ROLES);
        Set<String> set = roles == null ? Set.of() : Arrays.stream(roles.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new Caller(actor == null || actor.isBlank() ? null : actor.trim(), set,
                request.getHeader(CallerHeaders.REQUEST_ID));
    }

    /** @throws Forbidden unless the caller is identified and holds one of the roles */
    public Caller require(String... anyOf) {
        if (actor == null) {
            throw new Forbidden("no caller identity (" + CallerHeaders.ACTOR + ")");
        }
        for (String r : anyOf) {
            if (roles.contains(r)) {
                return this;
            }
        }
        throw new Forbidden("requires role " + String.join(" or ", anyOf));
    }

    /** Reads are open to finance, auditors and operators, never to providers. */
    public Caller requireReader() {
        return require(FINANCE, "AUDITOR", "OPERATOR", "ADMIN");
    }

    /** The caller may not do this. */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String message) {
            super(message);
        }
    }
}
