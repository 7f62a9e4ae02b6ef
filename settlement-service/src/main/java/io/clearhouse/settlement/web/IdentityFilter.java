package io.clearhouse.settlement.web;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Trusts the {@link CallerHeaders} identity only when the gateway signed it for this method and path
 * ({@link GatewayIdentity}). A request that claims an identity without a valid signature is refused
 * with 401; one that claims none is anonymous (role-protected endpoints then refuse it with 403).
 * The service does not start without the shared secret.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class IdentityFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IdentityFilter.class);
    private static final String[] IDENTITY_HEADERS = {CallerHeaders.ACTOR, CallerHeaders.ROLES, CallerHeaders.PROVIDER,
            CallerHeaders.IDENTITY};

    private final GatewayIdentity identity;
    private final Clock clock;

    IdentityFilter(@Value("${clearhouse.identity.secret:}") String secret, Clock clock) {
        this.identity = new GatewayIdentity(secret);
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean claims = false;
        for (String h : IDENTITY_HEADERS) {
            claims |= request.getHeader(h) != null;
        }
        if (claims) {
            GatewayIdentity.Claim claim = new GatewayIdentity.Claim(request.getMethod(), request.getRequestURI(),
                    request.getHeader(CallerHeaders.ACTOR), request.getHeader(CallerHeaders.ROLES),
                    request.getHeader(CallerHeaders.PROVIDER), request.getHeader(CallerHeaders.REQUEST_ID));
            if (!identity.verify(request.getHeader(CallerHeaders.IDENTITY), claim, clock.instant().getEpochSecond())) {
                log.warn("Refused {} {}: caller identity headers without a valid gateway signature",
                        request.getMethod(), request.getRequestURI());
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setContentType("application/problem+json");
                response.getWriter().write("{\"type\":\"https://clearhouse.io/problems/unauthenticated\","
                        + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"the caller identity headers are not "
                        + "signed by the gateway for this request (" + CallerHeaders.IDENTITY + ")\",\"instance\":\""
                        + request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
                return;
            }
            request.setAttribute(Caller.VERIFIED_ATTRIBUTE, Boolean.TRUE);
        }
        chain.doFilter(request, response);
    }
}
