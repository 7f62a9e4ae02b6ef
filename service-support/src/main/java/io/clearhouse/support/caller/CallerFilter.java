package io.clearhouse.support.caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Deny by default: every request, except to the open paths (the actuator), must carry the caller
 * identity the gateway signed for exactly this request — method, path, query, body
 * ({@link CallerHeaders}, {@link GatewayIdentity}) — with an actor, and a signature this service has
 * not seen before; anything else is refused with 401 problem+json before a controller sees it. A
 * verified request carries its {@link Caller} as a request attribute.
 *
 * <p>The body: a body of at most {@code maxBufferedBytes} is read whole and compared with the signed
 * length and SHA-256 before the controller runs. On the streamed paths (statement uploads) the body
 * is hashed as the handler reads it and compared at its last byte ({@link SignedBodyMismatchException}):
 * such a handler must read its body to the end before it commits anything. A signed body longer than
 * the bound on any other path is refused (413).
 *
 * <p>Replays: every signature carries a nonce, and a verified one is remembered until it expires
 * ({@link GatewayIdentity#MAX_SKEW_SECONDS} after its time, when it is refused as stale anyway); the
 * memory holds at most {@code replayCacheMax} signatures (beyond that, the least used are forgotten
 * early: sized far above the requests one instance serves in two minutes). The memory is this
 * instance's: see docs/decisions/gateway-identity.md.
 */
public final class CallerFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallerFilter.class);
    /** MDC key of the gateway's request id (the {@code X-Request-Id} the caller was answered with). */
    public static final String REQUEST_ID_MDC = "requestId";
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final GatewayIdentity identity;
    private final Clock clock;
    private final List<String> openPaths;
    private final List<String> streamedPaths;
    private final long maxBufferedBytes;
    private final Cache<String, Long> seen;

    /** @throws IllegalArgumentException (so the service does not start) when the secret is missing or short */
    public CallerFilter(String secret, Clock clock, List<String> openPaths) {
        this(secret, clock, openPaths, List.of(), 16L << 20, 200_000);
    }

    /**
     * @param streamedPaths    Ant patterns of the paths whose body is verified as it streams
     * @param maxBufferedBytes the largest body read whole (and verified) before the controller runs
     * @param replayCacheMax   the most signatures remembered at once
     */
    public CallerFilter(String secret, Clock clock, List<String> openPaths, List<String> streamedPaths,
                        long maxBufferedBytes, long replayCacheMax) {
        this.identity = new GatewayIdentity(secret);
        this.clock = clock;
        this.openPaths = List.copyOf(openPaths);
        this.streamedPaths = List.copyOf(streamedPaths);
        this.maxBufferedBytes = Math.min(maxBufferedBytes, Integer.MAX_VALUE - 8);
        this.seen = Caffeine.newBuilder().maximumSize(replayCacheMax).expireAfter(new Expiry<String, Long>() {
            @Override
            public long expireAfterCreate(String key, Long expiresAtEpochSeconds, long currentTime) {
                long left = expiresAtEpochSeconds - clock.instant().getEpochSecond() + 1;
                return TimeUnit.SECONDS.toNanos(Math.max(1, left));
            }

            @Override
            public long expireAfterUpdate(String key, Long value, long currentTime, long currentDuration) {
                return currentDuration;
            }

            @Override
            public long expireAfterRead(String key, Long value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
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
        GatewayIdentity.Body body = GatewayIdentity.Body.parse(request.getHeader(CallerHeaders.BODY));
        if (body == null) {
            refuse(request, response, "no signed body digest (" + CallerHeaders.BODY + "): this service answers only "
                    + "requests the gateway signed");
            return;
        }
        GatewayIdentity.Claim claim = new GatewayIdentity.Claim(request.getMethod(), request.getRequestURI(),
                GatewayIdentity.canonicalQuery(request.getQueryString()), body, actor, roles, provider, requestId);
        GatewayIdentity.Verified verified = identity.check(signature, claim, clock.instant().getEpochSecond());
        if (verified == null) {
            log.warn("Refused {} {}: caller identity headers without a valid gateway signature", request.getMethod(),
                    request.getRequestURI());
            refuse(request, response, "the caller identity headers are not signed by the gateway for this request "
                    + "(method, path, query and body) or the signature is stale (" + CallerHeaders.IDENTITY + ")");
            return;
        }
        if (actor == null || actor.isBlank()) {
            refuse(request, response, "no authenticated caller: the gateway passed no actor ("
                    + CallerHeaders.ACTOR + ")");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared >= 0 && declared != body.length()) {
            refuseTampered(request, response);
            return;
        }
        HttpServletRequest verifiedRequest;
        if (body.length() > 0 && streamedPaths.stream().anyMatch(p -> PATHS.match(p, path(request)))) {
            if (!firstUse(verified, request, response)) {
                return;
            }
            verifiedRequest = new SignedBodies.Checked(request, body);
        } else {
            if (body.length() > maxBufferedBytes) {
                response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                write(request, response, ProblemTypes.PAYLOAD_TOO_LARGE, "Content Too Large", 413,
                        "the request body exceeds " + maxBufferedBytes + " bytes");
                return;
            }
            byte[] bytes = SignedBodies.read(request, body);
            if (bytes == null) {
                refuseTampered(request, response);
                return;
            }
            if (!firstUse(verified, request, response)) {
                return;
            }
            verifiedRequest = bytes.length == 0 ? request : new SignedBodies.Cached(request, bytes);
        }
        Caller caller = new Caller(actor.trim(), Caller.parseRoles(roles),
                provider == null || provider.isBlank() ? null : provider.trim(),
                requestId == null || requestId.isBlank() ? null : requestId.trim());
        verifiedRequest.setAttribute(Caller.ATTRIBUTE, caller);
        // every line logged for this request names it, as the gateway's access log and the audit rows do
        try (MDC.MDCCloseable ignored = MDC.putCloseable(REQUEST_ID_MDC, caller.requestId() == null ? "-"
                : caller.requestId())) {
            chain.doFilter(verifiedRequest, response);
        }
    }

    /** Remembers the signature; false (and the request refused) when it was seen before: a replay. */
    private boolean firstUse(GatewayIdentity.Verified verified, HttpServletRequest request,
                             HttpServletResponse response) throws IOException {
        if (seen.asMap().putIfAbsent(verified.signature(), verified.expiresAtEpochSeconds()) == null) {
            return true;
        }
        log.warn("Refused {} {}: a gateway signature used before (replay)", request.getMethod(),
                request.getRequestURI());
        refuse(request, response, "this gateway signature was used before: a replayed request ("
                + CallerHeaders.IDENTITY + ")");
        return false;
    }

    private static void refuseTampered(HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.warn("Refused {} {}: a body that is not the one the gateway signed", request.getMethod(),
                request.getRequestURI());
        refuse(request, response, "the request body is not the body the gateway signed (" + CallerHeaders.BODY + ")");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        write(request, response, ProblemTypes.UNAUTHENTICATED, "Unauthorized", 401, detail);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, java.net.URI type,
                              String title, int status, String detail) throws IOException {
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"" + type + "\",\"title\":\"" + title + "\","
                + "\"status\":" + status + ",\"detail\":\"" + escape(detail) + "\",\"instance\":\""
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
