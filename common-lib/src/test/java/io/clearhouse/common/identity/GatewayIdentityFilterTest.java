package io.clearhouse.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class GatewayIdentityFilterTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final GatewayIdentityFilter filter = new GatewayIdentityFilter(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void passesASignedIdentityOnAndMarksItVerified() throws Exception {
        MockHttpServletRequest request = request("POST", "/v1/settlements/close", "alice", "FINANCE");
        sign(request, "POST", "/v1/settlements/close", "alice", "FINANCE");
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> passed.set(req));

        assertThat(passed.get()).isNotNull();
        assertThat(GatewayIdentityFilter.verified(passed.get())).isTrue();
    }

    @Test
    void refusesUnsignedOrReSignedForAnotherRoleWith401ProblemJson() throws Exception {
        MockHttpServletRequest unsigned = request("POST", "/v1/settlements/close", "eve", "FINANCE");
        MockHttpServletRequest raised = request("POST", "/v1/settlements/close", "eve", "FINANCE,ADMIN");
        sign(raised, "POST", "/v1/settlements/close", "eve", "FINANCE");
        for (MockHttpServletRequest forged : new MockHttpServletRequest[] {unsigned, raised}) {
            AtomicReference<ServletRequest> passed = new AtomicReference<>();
            MockHttpServletResponse response = new MockHttpServletResponse();

            filter.doFilter(forged, response, (req, res) -> passed.set(req));

            assertThat(passed.get()).isNull();
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains(GatewayIdentityFilter.UNAUTHENTICATED);
        }
    }

    @Test
    void letsARequestWithoutIdentityThroughAsAnonymous() throws Exception {
        MockHttpServletRequest anonymous = new MockHttpServletRequest("GET", "/actuator/health");
        AtomicReference<ServletRequest> passed = new AtomicReference<>();

        filter.doFilter(anonymous, new MockHttpServletResponse(), (req, res) -> passed.set(req));

        assertThat(passed.get()).isNotNull();
        assertThat(GatewayIdentityFilter.verified(passed.get())).isFalse();
    }

    private static MockHttpServletRequest request(String method, String path, String actor, String roles) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, path);
        r.addHeader(CallerHeaders.ACTOR, actor);
        r.addHeader(CallerHeaders.ROLES, roles);
        r.addHeader(CallerHeaders.REQUEST_ID, "req-1");
        return r;
    }

    private static void sign(MockHttpServletRequest r, String method, String path, String actor, String roles) {
        r.addHeader(CallerHeaders.IDENTITY, new GatewayIdentity(SECRET).sign(
                new GatewayIdentity.Claim(method, path, actor, roles, null, "req-1"), NOW.getEpochSecond()));
    }
}
