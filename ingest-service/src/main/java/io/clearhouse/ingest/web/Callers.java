package io.clearhouse.ingest.web;

import io.clearhouse.common.identity.CallerHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who calls, from the headers the gateway sets ({@link CallerHeaders}); {@link io.clearhouse.common.identity.GatewayIdentityFilter}
 * has already refused any request whose headers the gateway did not sign.
 */
public final class Callers {

    private Callers() {
    }

    public static String actor(HttpServletRequest request) {
        String actor = request.getHeader(CallerHeaders.ACTOR);
        return actor == null || actor.isBlank() ? "unknown" : actor;
    }

    public static Set<String> roles(HttpServletRequest request) {
        String roles = request.getHeader(CallerHeaders.ROLES);
        if (roles == null) {
            return Set.of();
        }
        return Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Refuses unless the caller holds one of the roles. */
    public static void require(HttpServletRequest request, String... anyOf) {
        Set<String> held = roles(request);
        for (String role : anyOf) {
            if (held.contains(role)) {
                return;
            }
        }
        throw new ForbiddenException("requires role " + String.join(" or ", anyOf));
    }

    /**
     * For read-only operator/auditor queries: refuses a caller whose roles the gateway named and that
     * lacks the role; a call without the roles header (loopback, e.g. the CLI on this machine) passes.
     */
    public static void requireIfNamed(HttpServletRequest request, String... anyOf) {
        if (request.getHeader(CallerHeaders.ROLES) != null) {
            require(request, anyOf);
        }
    }

    /** The caller lacks the role the operation needs. */
    public static final class ForbiddenException extends RuntimeException {
        public ForbiddenException(String message) {
            super(message);
        }
    }
}
