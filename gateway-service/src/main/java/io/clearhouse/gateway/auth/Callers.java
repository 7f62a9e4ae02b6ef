package io.clearhouse.gateway.auth;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns a verified token into the caller: client id, roles and, for a provider, the one provider
 * id it is bound to. Claim names come from configuration so that an external issuer's tokens work.
 */
@Component
public class Callers {

    private final AuthProperties properties;

    Callers(AuthProperties properties) {
        this.properties = properties;
    }

    /** The Spring Security authentication for a verified token: authorities are {@code ROLE_<role>}. */
    public Converter<Jwt, Mono<AbstractAuthenticationToken>> authenticationConverter() {
        return jwt -> {
            Caller caller = fromJwt(jwt);
            List<GrantedAuthority> authorities = new ArrayList<>();
            caller.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
            return Mono.just(new JwtAuthenticationToken(jwt, authorities, caller.clientId()));
        };
    }

    public Mono<Caller> of(ServerWebExchange exchange) {
        return exchange.getPrincipal().flatMap(p -> Mono.justOrEmpty(from(p)));
    }

    public Optional<Caller> from(Principal principal) {
        return principal instanceof JwtAuthenticationToken token ? Optional.of(fromJwt(token.getToken()))
                : Optional.empty();
    }

    Caller fromJwt(Jwt jwt) {
        String clientId = firstNonBlank(jwt.getClaimAsString(properties.clientIdClaim()), jwt.getClaimAsString("azp"),
                jwt.getSubject());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object claim = jwt.getClaims().get(properties.rolesClaim());
        Collection<?> names = claim instanceof Collection<?> c ? c
                : claim instanceof String s ? List.of(s.trim().split("[ ,]+")) : List.of();
        for (Object name : names) {
            for (Role r : Role.values()) {
                if (r.name().equalsIgnoreCase(String.valueOf(name))) {
                    roles.add(r);
                }
            }
        }
        String provider = roles.contains(Role.PROVIDER) ? jwt.getClaimAsString(properties.providerClaim()) : null;
        if (roles.contains(Role.PROVIDER) && (provider == null || provider.isBlank())) {
            // a provider token without its provider cannot act as a provider at all
            roles.remove(Role.PROVIDER);
        }
        Object version = jwt.getClaims().get(TokenIssuer.SECRET_VERSION_CLAIM);
        return new Caller(clientId == null ? "unknown" : clientId, roles, provider,
                version instanceof Number n ? Integer.valueOf(n.intValue()) : null);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
