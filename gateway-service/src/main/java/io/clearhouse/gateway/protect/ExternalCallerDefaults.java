package io.clearhouse.gateway.protect;

import io.clearhouse.gateway.auth.ApiClient;
import io.clearhouse.gateway.auth.Caller;
import io.clearhouse.gateway.auth.Role;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Policy for callers whose token comes from an external OIDC issuer and who have no
 * {@code api_client} row ({@code clearhouse.gateway.external-callers.*}): they are rate-limited like
 * any client, with a default rate and burst per role (providers 2,000/s burst 10,000, other roles
 * 50/s burst 200, as for created clients, unless {@code limits.<ROLE>} says otherwise), and held to
 * {@code allowed-cidrs} when that is set (empty = anywhere, as for a client without an allow-list).
 */
@ConfigurationProperties("clearhouse.gateway.external-callers")
public record ExternalCallerDefaults(@DefaultValue Map<Role, Limit> limits, @DefaultValue List<String> allowedCidrs) {

    static final Limit PROVIDER_DEFAULT = new Limit(2_000, 10_000);
    static final Limit OTHER_DEFAULT = new Limit(50, 200);

    public ExternalCallerDefaults {
        limits = Map.copyOf(limits);
        allowedCidrs = allowedCidrs.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        allowedCidrs.forEach(Cidr::parse); // a typo fails at start, not on the first request
    }

    /** A token bucket's refill rate and capacity. */
    public record Limit(int ratePerSecond, int burst) {
        public Limit {
            if (ratePerSecond < 1 || burst < 1) {
                throw new IllegalArgumentException("rate and burst must be at least 1");
            }
        }
    }

    Limit limitFor(Role role) {
        Limit configured = limits.get(role);
        return configured != null ? configured : role == Role.PROVIDER ? PROVIDER_DEFAULT : OTHER_DEFAULT;
    }

    /**
     * The client this caller is treated as: its own id (so it has its own bucket), the most generous
     * limit of its roles, no signing secret (a provider that signs needs an {@code api_client} row).
     */
    public ApiClient clientFor(Caller caller) {
        Role role = caller.roles().stream().max(Comparator.comparingInt((Role r) -> limitFor(r).burst())
                        .thenComparingInt(r -> limitFor(r).ratePerSecond())).orElse(null);
        Limit limit = role == null ? OTHER_DEFAULT : limitFor(role);
        return new ApiClient(caller.clientId(), null, role, caller.providerId(), null, allowedCidrs,
                limit.ratePerSecond(), limit.burst(), true, "external-issuer", null);
    }
}
