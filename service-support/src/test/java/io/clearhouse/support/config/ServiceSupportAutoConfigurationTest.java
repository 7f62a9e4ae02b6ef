package io.clearhouse.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.ProblemAdvice;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** A bare Boot web app with only this module: what a service gets by adding the dependency. */
@SpringBootTest(classes = ServiceSupportAutoConfigurationTest.App.class,
        properties = "clearhouse.identity.secret=" + ServiceSupportAutoConfigurationTest.SECRET)
@AutoConfigureMockMvc
class ServiceSupportAutoConfigurationTest {

    static final String SECRET = "test-secret-test-secret-test-secret";

    @SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    @org.springframework.context.annotation.Import(Probe.class)
    static class App {
    }

    @RestController
    static class Probe {
        @GetMapping("/v1/probe")
        String probe(Caller caller) {
            return caller.require(Role.FINANCE, Role.AUDITOR).actor();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    Clock clock;

    @Autowired
    java.util.List<ResponseEntityExceptionHandler> handlers;

    @Test
    void givesAUtcClockAndOneProblemAdviceInsteadOfBoots() {
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(handlers).singleElement().isInstanceOf(ProblemAdvice.class);
    }

    @Test
    void resolvesTheSignedCallerAsAControllerArgumentAndChecksRoles() throws Exception {
        mvc.perform(signed("/v1/probe", "fiona", "FINANCE")).andExpect(status().isOk())
                .andExpect(content().string("fiona"));
        mvc.perform(signed("/v1/probe", "pat", "PROVIDER")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/forbidden"))
                .andExpect(jsonPath("$.detail").value("requires one of the roles FINANCE, AUDITOR"));
    }

    @Test
    void deniesEveryNonActuatorRequestWithoutIdentityEvenAnUnknownPath() throws Exception {
        for (String path : new String[] {"/v1/probe", "/v1/nowhere"}) {
            mvc.perform(get(path)).andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/unauthenticated"));
        }
    }

    @Test
    void anUnknownPathOfAnIdentifiedCallerIsA404Problem() throws Exception {
        mvc.perform(signed("/v1/nowhere", "fiona", "FINANCE")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://clearhouse.io/problems/not-found"));
    }

    private MockHttpServletRequestBuilder signed(String path, String actor, String roles) {
        String signature = new GatewayIdentity(SECRET).sign(new GatewayIdentity.Claim("GET", path, actor, roles, null,
                "req-1"), clock.instant().getEpochSecond());
        return get(path).header(CallerHeaders.ACTOR, actor).header(CallerHeaders.ROLES, roles)
                .header(CallerHeaders.REQUEST_ID, "req-1").header(CallerHeaders.IDENTITY, signature)
                .header(CallerHeaders.BODY, GatewayIdentity.Body.EMPTY.header());
    }
}
