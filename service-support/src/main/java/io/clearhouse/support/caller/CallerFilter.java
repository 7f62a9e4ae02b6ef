package io.clearhouse.support.caller;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
import io.clearhouse.common.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Deny by default: every request, except to the open paths (the actuator), must carry the caller
 * identity the gateway signed for this method and path ({@link CallerHeaders}, {@link GatewayIdentity})
 * with an actor; anything else is refused with 401 problem+json before a controller sees it. A
 * verified request carries its {@link Caller} as a request attribute.
 */
public final class CallerFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallerFilter.class);
    /** MDC key of the gateway's request id (the {@code X-Request-Id} the caller was answered with). */
    public static final String REQUEST_ID_MDC = "requestId";
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final GatewayIdentity identity;
    private final Clock clock;
    private final List<String> openPaths;

    /** @throws IllegalArgumentException (so the service does not start) when the secret is missing or short */
    public CallerFilter(String secret, Clock clock, List<String> openPaths) {
        this.identity = new GatewayIdentity(secret);
        this.clock = clock;
        this.openPaths = List.copyOf(openPaths);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return openPaths.stream().anyMatch(p -> PATHS.match(p, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String actor = request.getHeader(CallerHeaders.ACTOR);
        String roles = request.getHeader(CallerHeaders.ROLES);
        String provider = request.getHeader(CallerHeaders.PROVIDER);
        String requestId = request.getHeader(CallerHeaders.REQUEST_ID);
        String signature = request.getHeader(CallerHeaders.IDENTITY);
        if (signature == null) {
            refuse(request, response, "no caller identity: this service answers only requests the gateway signed ("
                    + CallerHeaders.IDENTITY + ")");
            return;
        }
        GatewayIdentity.Claim claim = new GatewayIdentity.Claim(request.getMethod(), request.getRequestURI(), actor,
                roles, provider, requestId);
        if (!identity.verify(signature, claim, clock.instant().getEpochSecond())) {
            log.warn("Refused {} {}: caller identity headers without a valid gateway signature", request.getMethod(),
                    request.getRequestURI());
            refuse(request, response, "the caller identity headers are not signed by the gateway for this request ("
                    + CallerHeaders.IDENTITY + ")");
            return;
        }
        if (actor == null || actor.isBlank()) {
            refuse(request, response, "no authenticated caller: the gateway passed no actor ("
                    + CallerHeaders.ACTOR + ")");
            return;
        }
        Caller caller = new Caller(actor.trim(), Caller.parseRoles(roles),
                provider == null || provider.isBlank() ? null : provider.trim(),
                requestId == null || requestId.isBlank() ? null : requestId.trim());
        request.setAttribute(Caller.ATTRIBUTE, caller);
        // every line logged for this request names it, as the gateway's access log and the audit rows do
        try (MDC.MDCCloseable ignored = MDC.putCloseable(REQUEST_ID_MDC, caller.requestId() == null ? "-"
                : caller.requestId())) {
            chain.doFilter(request, response);
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"" + ProblemTypes.UNAUTHENTICATED + "\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"" + escape(detail) + "\",\"instance\":\""
                + escape(request.getRequestURI()) + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
