package io.clearhouse.common.identity;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet filter every service puts in front of its controllers: it trusts the caller
 * identity headers ({@link CallerHeaders}) only when the gateway signed them for this method and
 * path ({@link GatewayIdentity}). A request that carries any of them without a valid signature is
 * refused with 401 problem+json before a controller sees it; a verified one is marked
 * ({@link #verified}); a request that carries none is anonymous, and role-protected operations
 * refuse it as they refuse any caller without the role.
 */
public final class GatewayIdentityFilter implements Filter {

    public static final String UNAUTHENTICATED = "https://clearhouse.io/problems/unauthenticated";
    private static final String VERIFIED = GatewayIdentityFilter.class.getName() + ".verified";
    private static final String[] CLAIMING = {CallerHeaders.ACTOR, CallerHeaders.ROLES, CallerHeaders.PROVIDER,
            CallerHeaders.IDENTITY};
    private static final Logger log = LoggerFactory.getLogger(GatewayIdentityFilter.class);

    private final GatewayIdentity identity;
    private final Clock clock;

    /** @throws IllegalArgumentException (so the service does not start) when the secret is missing or short */
    public GatewayIdentityFilter(String secret, Clock clock) {
        this.identity = new GatewayIdentity(secret);
        this.clock = clock;
    }

    /** True when this request's identity headers carry the gateway's valid signature. */
    public static boolean verified(ServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(VERIFIED));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        boolean claims = false;
        for (String h : CLAIMING) {
            claims |= request.getHeader(h) != null;
        }
        if (claims) {
            GatewayIdentity.Claim claim = new GatewayIdentity.Claim(request.getMethod(), request.getRequestURI(),
                    request.getHeader(CallerHeaders.ACTOR), request.getHeader(CallerHeaders.ROLES),
                    request.getHeader(CallerHeaders.PROVIDER), request.getHeader(CallerHeaders.REQUEST_ID));
            if (!identity.verify(request.getHeader(CallerHeaders.IDENTITY), claim, clock.instant().getEpochSecond())) {
                log.warn("Refused {} {}: caller identity headers without a valid gateway signature",
                        request.getMethod(), request.getRequestURI());
                refuse(request, (HttpServletResponse) res);
                return;
            }
            request.setAttribute(VERIFIED, Boolean.TRUE);
        }
        chain.doFilter(req, res);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        String instance = request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"");
        response.getOutputStream().write(("{\"type\":\"" + UNAUTHENTICATED + "\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"the caller identity headers are not signed by the gateway for this "
                + "request (" + CallerHeaders.IDENTITY + ")\",\"instance\":\"" + instance + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
