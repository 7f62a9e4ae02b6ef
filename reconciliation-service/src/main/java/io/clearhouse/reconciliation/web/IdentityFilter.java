package io.clearhouse.reconciliation.web;

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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Trusts the caller identity headers only when the gateway signed them ({@link GatewayIdentity}:
 * time, method, path, actor, roles, provider, request id). A request that carries identity
 * headers without a valid signature is refused with 401 before any controller runs; a request
 * that carries none is anonymous and {@link Caller#from} refuses it where a caller is needed.
 */
public final class IdentityFilter extends OncePerRequestFilter {

    /** Request attribute set when the identity headers were verified. */
    static final String VERIFIED = IdentityFilter.class.getName() + ".verified";

    private static final Logger log = LoggerFactory.getLogger(IdentityFilter.class);

    private final GatewayIdentity identity;
    private final Clock clock;

    public IdentityFilter(GatewayIdentity identity, Clock clock) {
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
        if (!identity.verify(signature, claim, clock.instant().getEpochSecond())) {
            log.warn("refused {} {}: caller identity headers without a valid gateway signature", request.getMethod(),
                    request.getRequestURI());
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/problem+json");
            response.getOutputStream().write(("{\"type\":\"" + ApiException.UNAUTHENTICATED + "\","
                    + "\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"the caller identity headers carry no valid gateway signature ("
                    + CallerHeaders.IDENTITY + ")\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(VERIFIED, Boolean.TRUE);
        chain.doFilter(request, response);
    }
}
