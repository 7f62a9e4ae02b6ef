package io.clearhouse.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.clearhouse.console.StubGateway.Answer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** With an OpenID Connect issuer configured, the console signs people in there (oauth2Login), not with the password form. */
@SpringBootTest
@AutoConfigureMockMvc
class OidcSignInTest {

    private static final StubGateway ISSUER = start();

    private static StubGateway start() {
        try {
            StubGateway issuer = new StubGateway();
            String url = issuer.url();
            issuer.answer("GET /.well-known/openid-configuration", Answer.json(200, "{\"issuer\":\"" + url + "\","
                    + "\"authorization_endpoint\":\"" + url + "/authorize\",\"token_endpoint\":\"" + url + "/token\","
                    + "\"jwks_uri\":\"" + url + "/jwks\",\"userinfo_endpoint\":\"" + url + "/userinfo\","
                    + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"scopes_supported\":[\"openid\",\"profile\"],"
                    + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"]}"));
            return issuer;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("clearhouse.console.oidc.issuer-uri", ISSUER::url);
        registry.add("clearhouse.console.oidc.client-id", () -> "console-app");
        registry.add("clearhouse.console.oidc.client-secret", () -> "not-a-real-secret");
    }

    @AfterAll
    static void stop() {
        ISSUER.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    void theLoginPageSendsPeopleToTheOrganisationsProvider() throws Exception {
        String html = mvc.perform(get("/login")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("id=\"sign-in-sso\"", "/oauth2/authorization/console").doesNotContain("id=\"login-form\"");

        String location = mvc.perform(get("/oauth2/authorization/console")).andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getHeader("Location");
        assertThat(location).startsWith(ISSUER.url() + "/authorize?").contains("response_type=code", "client_id=console-app",
                "scope=openid%20profile", "redirect_uri=http://localhost/login/oauth2/code/console", "state=");
    }

    @Test
    void pagesStillRequireASignedInPerson() throws Exception {
        mvc.perform(get("/statements")).andExpect(status().is3xxRedirection());
    }
}
