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
        r.addHeader(CallerHeaders.IDENTITY, new GatewayIdentity(SECRET).sign(
                new GatewayIdentity.Claim(method, path, actor, roles, provider, "req-1"), NOW.getEpochSecond()));
    }
}
