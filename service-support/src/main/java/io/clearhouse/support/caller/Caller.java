package io.clearhouse.support.caller;

import io.clearhouse.support.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who is calling, as the gateway signed it ({@link CallerFilter} verified the signature and refused
 * every request without one). Controllers take it as a method argument ({@code Caller caller}) and
 * check roles with {@link #require}; the actor is the "who" of every audit entry.
 *
 * @param actor      the client id (or user) the gateway authenticated; never blank
 * @param roles      the roles the gateway granted
 * @param providerId for PROVIDER callers, the one provider they are bound to; otherwise null
 * @param requestId  the gateway's request id, for logs and audit entries; may be null
 */
public record Caller(String actor, Set<Role> roles, String providerId, String requestId) {

    /** The request attribute under which {@link CallerFilter} stores the verified caller. */
    public static final String ATTRIBUTE = Caller.class.getName();

    private static final Set<Role> STAFF = Collections.unmodifiableSet(
            EnumSet.of(Role.OPERATOR, Role.FINANCE, Role.AUDITOR, Role.ADMIN));

    public Caller {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("a caller has an actor");
        }
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** The verified caller of this request. */
    public static Caller of(HttpServletRequest request) {
        return from(request.getAttribute(ATTRIBUTE));
    }

    /** The verified caller of the request this thread serves (for code that has no request at hand). */
    public static Caller current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return from(attributes == null ? null : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    private static Caller from(Object attribute) {
        if (attribute instanceof Caller c) {
            return c;
        }
        // only on paths CallerFilter leaves open (actuator): no controller there asks for a caller
        throw new Problems.Unauthenticated("no verified caller identity on this request");
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Staff (OPERATOR, FINANCE, AUDITOR, ADMIN) see every provider's data; a PROVIDER only its own. */
    public boolean isStaff() {
        return roles.stream().anyMatch(STAFF::contains);
    }

    /** @throws Problems.Forbidden (403, naming the roles) unless the caller holds one of {@code anyOf} */
    public Caller require(Role... anyOf) {
        for (Role role : anyOf) {
            if (has(role)) {
                return this;
            }
        }
        throw new Problems.Forbidden("requires one of the roles " + names(anyOf));
    }

    /**
     * Refuses to show a resource of {@code ownerProviderId} to a caller who may not see it: staff see
     * all; a PROVIDER gets 404 for another provider's resource (its existence is not disclosed);
     * anyone else 403.
     */
    public void requireVisible(String ownerProviderId, String what) {
        if (isStaff()) {
            return;
        }
        if (has(Role.PROVIDER) && providerId != null) {
            if (!providerId.equals(ownerProviderId)) {
                throw new Problems.NotFound(what + " not found");
            }
            return;
        }
        throw new Problems.Forbidden("requires PROVIDER (own provider) or one of the roles " + names(STAFF));
    }

    /**
     * The provider this call acts for: a caller holding one of {@code staffRoles} for the one it names
     * ({@code requested}, required), a PROVIDER only for its own (naming another is refused).
     */
    public String providerScope(String requested, Role... staffRoles) {
        for (Role role : staffRoles) {
            if (has(role)) {
                if (requested == null || requested.isBlank()) {
                    throw new Problems.Invalid("providerId", "is required");
                }
                return requested;
            }
        }
        if (has(Role.PROVIDER) && providerId != null) {
            if (requested != null && !requested.isBlank() && !requested.equals(providerId)) {
                throw new Problems.Forbidden("a provider may act only for its own provider id");
            }
            return providerId;
        }
        throw new Problems.Forbidden("requires PROVIDER (own provider) or one of the roles " + names(staffRoles));
    }

    /** The {@code X-Clearhouse-Roles} form of a role list: comma-separated names. */
    public static Set<Role> parseRoles(String header) {
        if (header == null || header.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(header.split(",")).map(Role::parse).flatMap(java.util.Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    private static String names(Role... roles) {
        return names(Arrays.asList(roles));
    }

    private static String names(java.util.Collection<Role> roles) {
        return roles.stream().map(Objects::toString).collect(Collectors.joining(", "));
    }
}
