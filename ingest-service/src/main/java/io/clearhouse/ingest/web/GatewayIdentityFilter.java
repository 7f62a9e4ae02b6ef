package io.clearhouse.ingest.web;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Trusts the caller identity headers ({@link CallerHeaders}) only when the gateway signed them for
 * this method and path ({@link GatewayIdentity}): a request that carries any of them without a valid
 * signature is refused with 401 problem+json before a controller sees it. A request that carries
 * none is anonymous (role-protected operations then refuse it; loopback reads such as the CLI's
 * audit verify stay open), so {@link Callers} can read the headers as the gateway's word.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class GatewayIdentityFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(GatewayIdentityFilter.class);
    static final String UNAUTHENTICATED = "https://clearhouse.io/problems/unauthenticated";

    private final GatewayIdentity identity;
    private final Clock clock;

    GatewayIdentityFilter(GatewayIdentity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String actor = request.getHeader(CallerHeaders.ACTOR);
        String roles = request.getHeader(CallerHeaders.ROLES);
        String provider = request.getHeader(CallerHeaders.PROVIDER);
        String signature = request.getHeader(CallerHeaders.IDENTITY);
        if (actor == null && roles == null && provider == null && signature == null) {
            chain.doFilter(request, response);
            return;
        }
        GatewayIdentity.Claim claim = new GatewayIdentity.Claim(request.getMethod(), request.getRequestURI(), actor,
                roles, provider, request.getHeader(CallerHeaders.REQUEST_ID));
        if (identity.verify(signature, claim, clock.instant().getEpochSecond())) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("Refused {} {}: caller identity headers without a valid gateway signature", request.getMethod(),
                request.getRequestURI());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"" + UNAUTHENTICATED + "\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"the caller identity headers are not signed by the gateway for this "
                + "request\"}").getBytes(StandardCharsets.UTF_8));
    }
}
