package io.clearhouse.support.caller;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
import jakarta.servlet.ServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CallerFilterTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final CallerFilter filter = new CallerFilter(SECRET, Clock.fixed(NOW, ZoneOffset.UTC),
            List.of("/actuator", "/actuator/**"));

    @Test
    void passesASignedIdentityOnAsTheRequestsCaller() throws Exception {
        MockHttpServletRequest request = request("POST", "/v1/settlements/close", "alice", "FINANCE, auditor,NOPE");
        request.addHeader(CallerHeaders.PROVIDER, "p-1");
        sign(request, "POST", "/v1/settlements/close", "alice", "FINANCE, auditor,NOPE", "p-1");

        ServletRequest passed = run(request, new MockHttpServletResponse());

        assertThat(passed).isNotNull();
        Caller caller = Caller.of((MockHttpServletRequest) passed);
        assertThat(caller.actor()).isEqualTo("alice");
        assertThat(caller.roles()).containsExactlyInAnyOrder(Role.FINANCE, Role.AUDITOR);
        assertThat(caller.providerId()).isEqualTo("p-1");
        assertThat(caller.requestId()).isEqualTo("req-1");
    }

    @Test
    void refusesUnsignedOrReSignedForAnotherRoleWith401ProblemJson() throws Exception {
        MockHttpServletRequest unsigned = request("POST", "/v1/settlements/close", "eve", "FINANCE");
        MockHttpServletRequest raised = request("POST", "/v1/settlements/close", "eve", "FINANCE,ADMIN");
        sign(raised, "POST", "/v1/settlements/close", "eve", "FINANCE", null);
        MockHttpServletRequest otherPath = request("POST", "/v1/settlements/close", "eve", "FINANCE");
        sign(otherPath, "POST", "/v1/contracts", "eve", "FINANCE", null);
        for (MockHttpServletRequest forged : List.of(unsigned, raised, otherPath)) {
            MockHttpServletResponse response = new MockHttpServletResponse();

            assertThat(run(forged, response)).isNull();
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("https://clearhouse.io/problems/unauthenticated")
                    .contains(CallerHeaders.IDENTITY).doesNotContain("Exception");
        }
    }

    @Test
    void deniesARequestWithoutIdentityByDefault() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(run(new MockHttpServletRequest("GET", "/v1/statements"), response)).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void deniesAGatewaySignedAnonymousRequest() throws Exception {
        // the gateway signs every request it forwards, also one without a token: no actor, no entry
        MockHttpServletRequest anonymous = new MockHttpServletRequest("GET", "/v1/statements");
        anonymous.addHeader(CallerHeaders.REQUEST_ID, "req-1");
        anonymous.addHeader(CallerHeaders.BODY, GatewayIdentity.Body.EMPTY.header());
        anonymous.addHeader(CallerHeaders.IDENTITY, new GatewayIdentity(SECRET).sign(
                new GatewayIdentity.Claim("GET", "/v1/statements", null, null, null, "req-1"), NOW.getEpochSecond()));
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(run(anonymous, response)).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains(CallerHeaders.ACTOR);
    }

    @Test
    void leavesTheActuatorOpen() throws Exception {
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/readiness")) {
            assertThat(run(new MockHttpServletRequest("GET", path), new MockHttpServletResponse())).as(path).isNotNull();
        }
    }

    @Test
    void refusesToStartWithoutASecret() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallerFilter("", Clock.systemUTC(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CLEARHOUSE_IDENTITY_SECRET");
    }

    private ServletRequest run(MockHttpServletRequest request, MockHttpServletResponse response) throws Exception {
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        filter.doFilter(request, response, (req, res) -> passed.set(req));
        return passed.get();
    }

    private static MockHttpServletRequest request(String method, String path, String actor, String roles) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, path);
        r.setRequestURI(path);
        r.addHeader(CallerHeaders.ACTOR, actor);
        r.addHeader(CallerHeaders.ROLES, roles);
        r.addHeader(CallerHeaders.REQUEST_ID, "req-1");
        return r;
    }

    private static void sign(MockHttpServletRequest r, String method, String path, String actor, String roles,
                             String provider) {
        sign(r, new GatewayIdentity.Claim(method, path, actor, roles, provider, "req-1"));
    }

    private static void sign(MockHttpServletRequest r, GatewayIdentity.Claim claim) {
        r.addHeader(CallerHeaders.BODY, claim.body().header());
        r.addHeader(CallerHeaders.IDENTITY, new GatewayIdentity(SECRET).sign(claim, NOW.getEpochSecond()));
    }

    /** A FINANCE request with this query and body, signed by the gateway for {@code signedQuery} and {@code signedBody}. */
    private static MockHttpServletRequest signedPost(String path, String query, byte[] body, String signedQuery,
                                                     byte[] signedBody) {
        MockHttpServletRequest r = request("POST", path, "bob", "FINANCE");
        r.setQueryString(query);
        r.setContent(body);
        r.setContentType("application/json");
        sign(r, new GatewayIdentity.Claim("POST", path, GatewayIdentity.canonicalQuery(signedQuery),
                GatewayIdentity.Body.of(signedBody), "bob", "FINANCE", null, "req-1"));
        return r;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void passesTheSignedBodyAndQueryOnAndTheControllerReadsTheSameBytes() throws Exception {
        byte[] body = utf8("{\"rate\":\"1.10\"}");
        MockHttpServletRequest r = signedPost("/v1/fx/rates", "date=2026-12-01&base=EUR", body,
                "base=EUR&date=2026-12-01", body);
        ServletRequest passed = run(r, new MockHttpServletResponse());
        assertThat(passed).isNotNull();
        assertThat(passed.getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(passed.getContentLengthLong()).isEqualTo(body.length);
    }

    @Test
    void refusesATamperedBodyATamperedQueryAndAnExtraBodyWith401() throws Exception {
        byte[] body = utf8("{\"rate\":\"1.10\"}");
        List<MockHttpServletRequest> forged = List.of(
                signedPost("/v1/fx/rates", "date=2026-12-01", utf8("{\"rate\":\"9.99\"}"), "date=2026-12-01", body),
                signedPost("/v1/fx/rates", "date=2026-12-02", body, "date=2026-12-01", body),
                signedPost("/v1/fx/rates", "date=2026-12-01&limit=1", body, "date=2026-12-01", body),
                signedPost("/v1/fx/rates", "date=2026-12-01", utf8("{\"rate\":\"1.10\"} "), "date=2026-12-01", body),
                signedPost("/v1/fx/rates", "", body, "", new byte[0]));
        for (MockHttpServletRequest r : forged) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            assertThat(run(r, response)).as(r.getQueryString()).isNull();
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("https://clearhouse.io/problems/unauthenticated");
        }
    }

    @Test
    void refusesASignatureSeenBeforeEvenWithinItsWindow() throws Exception {
        byte[] body = utf8("{}");
        MockHttpServletRequest first = signedPost("/v1/contracts", "", body, "", body);
        assertThat(run(first, new MockHttpServletResponse())).isNotNull();
        MockHttpServletRequest replay = signedPost("/v1/contracts", "", body, "", body);
        replay.removeHeader(CallerHeaders.IDENTITY);
        replay.addHeader(CallerHeaders.IDENTITY, first.getHeader(CallerHeaders.IDENTITY));
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(run(replay, response)).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("used before");
    }

    @Test
    void aStreamedBodyIsVerifiedAtItsLastByteNotBuffered() throws Exception {
        CallerFilter streaming = new CallerFilter(SECRET, Clock.fixed(NOW, ZoneOffset.UTC), List.of(),
                List.of("/v1/reconciliation/statements"), 4, 1_000);
        byte[] body = utf8("id,amount\n1,2.00\n");
        MockHttpServletRequest honest = signedPost("/v1/reconciliation/statements", "", body, "", body);
        AtomicReference<byte[]> read = new AtomicReference<>();
        streaming.doFilter(honest, new MockHttpServletResponse(),
                (req, res) -> read.set(req.getInputStream().readAllBytes()));
        assertThat(read.get()).isEqualTo(body);

        MockHttpServletRequest tampered = signedPost("/v1/reconciliation/statements", "",
                utf8("id,amount\n1,9.00\n"), "", body);
        AtomicReference<Exception> failed = new AtomicReference<>();
        streaming.doFilter(tampered, new MockHttpServletResponse(), (req, res) -> {
            try {
                req.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                failed.set(e);
            }
        });
        assertThat(failed.get()).isInstanceOf(SignedBodyMismatchException.class);
        assertThat(((SignedBodyMismatchException) failed.get()).status().value()).isEqualTo(401);

        // on any other path a body over the bound is refused before it is read
        MockHttpServletResponse tooLarge = new MockHttpServletResponse();
        streaming.doFilter(signedPost("/v1/contracts/import", "", body, "", body), tooLarge, (req, res) -> {
            throw new AssertionError("not reached");
        });
        assertThat(tooLarge.getStatus()).isEqualTo(413);
    }
}
