package io.clearhouse.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.clearhouse.console.StubGateway.Answer;
import io.clearhouse.console.signin.Person;
import io.clearhouse.console.signin.PersonAuthentication;
import io.clearhouse.console.signin.Role;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The console against a stub gateway (a real HTTP server): sign-in, CSRF, session cookie, the bearer
 * token on every call, a 401 ending the session, problems shown, role menus, the bodies of actions and
 * streamed downloads. The browser tests against the whole stack live with the launcher.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class ConsoleTest {

    private static final StubGateway GATEWAY = StubGateway.started();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("clearhouse.console.gateway-url", GATEWAY::url);
        registry.add("clearhouse.console.connect-timeout", () -> "2s");
        registry.add("clearhouse.console.read-timeout", () -> "5s");
    }

    @AfterAll
    static void stop() {
        GATEWAY.close();
    }

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void reset() {
        GATEWAY.reset();
    }

    private static PersonAuthentication as(Role role, String name, String providerId) {
        return new PersonAuthentication(new Person(name, role, providerId), StubGateway.token(name, role.name(), providerId), null);
    }

    // ---- sign-in ----

    @Test
    void signInPostsThePasswordGrantWithTheThreeFactorsAndKeepsTheTokenServerSide() throws Exception {
        String token = StubGateway.token("fin.maker", "FINANCE", null);
        GATEWAY.answer("POST /oauth2/token", Answer.json(200,
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":900,\"scope\":\"\"}"));

        MvcResult result = mvc.perform(post("/login").with(csrf())
                        .param("username", "fin.maker").param("password", "s3cret&=pw").param("otp", "123456"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"))
                .andReturn();

        StubGateway.Received r = GATEWAY.last("POST", "/oauth2/token");
        assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(r.authorization()).isNull();
        Map<String, String> form = form(r.body());
        assertThat(form).containsEntry("grant_type", "password").containsEntry("username", "fin.maker")
                .containsEntry("password", "s3cret&=pw").containsEntry("otp", "123456");
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(session).isNotNull();
        // the token is in the session's Authentication, not in any cookie
        assertThat(result.getResponse().getCookies()).noneMatch(c -> c.getValue().contains(token));

        // the next page shows the person and carries their token to the gateway
        GATEWAY.answer("GET /v1/statements", Answer.json(200, "[]"));
        mvc.perform(get("/statements").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("fin.maker")));
        assertThat(GATEWAY.last("GET", "/v1/statements").authorization()).isEqualTo("Bearer " + token);
    }

    @Test
    void aRefusedSignInSaysOnlyThatItFailed() throws Exception {
        GATEWAY.answer("POST /oauth2/token", Answer.json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"one-time code wrong\"}"));

        mvc.perform(post("/login").with(csrf()).param("username", "fin.maker").param("password", "x").param("otp", "000000"))
                .andExpect(redirectedUrl("/login?failed"));
        mvc.perform(get("/login").param("failed", ""))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Sign-in failed.")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("one-time code wrong"))));
    }

    @Test
    void aThrottledSignInAsksToTryLater() throws Exception {
        GATEWAY.answer("POST /oauth2/token", Answer.json(429, "{\"error\":\"too_many_requests\"}"));

        mvc.perform(post("/login").with(csrf()).param("username", "a.b").param("password", "x").param("otp", "123456"))
                .andExpect(redirectedUrl("/login?throttled"));
        mvc.perform(get("/login").param("throttled", ""))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Too many attempts, try later")));
    }

    @Test
    void aMalformedOneTimeCodeNeverReachesTheGateway() throws Exception {
        mvc.perform(post("/login").with(csrf()).param("username", "a.b").param("password", "x").param("otp", "12ab"))
                .andExpect(redirectedUrl("/login?failed"));
        assertThat(GATEWAY.received()).isEmpty();
    }

    @Test
    void theLoginPageLabelsEveryField() throws Exception {
        String html = mvc.perform(get("/login")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("<html lang=\"en\"", "<title>Sign in · Clearhouse console</title>",
                "for=\"username\"", "id=\"username\"", "for=\"password\"", "id=\"password\"", "for=\"otp\"", "id=\"otp\"",
                "name=\"_csrf\"");
    }

    // ---- CSRF, cookie, headers ----

    @Test
    void postsWithoutTheCsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/login").param("username", "a.b").param("password", "x").param("otp", "123456"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/statements/S-1/approve").param("reason", "ok").with(authentication(as(Role.FINANCE, "fin.checker", null))))
                .andExpect(status().isForbidden());
        assertThat(GATEWAY.received()).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndSecureBehindTls() throws Exception {
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/login"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String cookie = sessionCookie(plain);
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/console")
                .doesNotContain("Secure");
        assertThat(plain.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(plain.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        // as the gateway forwards it after terminating TLS
        HttpResponse<String> tls = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/login"))
                .timeout(Duration.ofSeconds(10)).header("X-Forwarded-Proto", "https").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sessionCookie(tls)).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");

        // and redirects keep the gateway's scheme and host
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/statements"))
                .timeout(Duration.ofSeconds(10)).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "clearhouse.example")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://clearhouse.example/console/login");
    }

    @Test
    void healthIsOpenForTheLaunchersReadinessCheck() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/console/actuator/health")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    // ---- calls to the gateway ----

    @Test
    void aGateway401EndsTheSessionAndAsksToSignInAgain() throws Exception {
        GATEWAY.answer("GET /v1/statements", Answer.problem(401, "{\"title\":\"Unauthorized\",\"status\":401}"));
        MockHttpSession session = new MockHttpSession();

        mvc.perform(get("/statements").session(session).with(authentication(as(Role.FINANCE, "fin.maker", null))))
                .andExpect(redirectedUrl("/login?expired"));

        assertThat(session.isInvalid()).isTrue();
        mvc.perform(get("/login").param("expired", ""))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Your session has ended")));
    }

    @Test
    void anExpiredTokenEndsTheSessionWithoutCallingTheGateway() throws Exception {
        PersonAuthentication expired = new PersonAuthentication(new Person("fin.maker", Role.FINANCE, null),
                StubGateway.token("fin.maker", "FINANCE", null), java.time.Instant.now().minusSeconds(1));

        mvc.perform(get("/statements").with(authentication(expired))).andExpect(redirectedUrl("/login?expired"));

        assertThat(GATEWAY.received()).isEmpty();
    }

    @Test
    void aGateway401OnOneOfTheHomePagesTilesEndsTheSessionToo() throws Exception {
        GATEWAY.answer("GET /v1/ingest/summary", Answer.json(200, "[]"));
        GATEWAY.answer("GET /v1/reconciliation/exceptions", Answer.problem(401, "{\"title\":\"Unauthorized\",\"status\":401}"));
        MockHttpSession session = new MockHttpSession();

        mvc.perform(get("/").session(session).with(authentication(as(Role.OPERATOR, "op.one", null))))
                .andExpect(redirectedUrl("/login?expired"));

        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void approvingAStatementSendsTheReasonAndShowsTheFourEyesRefusal() throws Exception {
        GATEWAY.answer("POST /v1/statements/S-1/approve", Answer.problem(403,
                "{\"type\":\"https://clearhouse.io/problems/four-eyes\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"four-eyes: fin.maker prepared this statement and cannot approve it\"}"));
        PersonAuthentication maker = as(Role.FINANCE, "fin.maker", null);

        MvcResult result = mvc.perform(post("/statements/S-1/approve").with(csrf()).with(authentication(maker))
                        .param("reason", "figures checked against the provider's report"))
                .andExpect(redirectedUrl("/statements/S-1"))
                .andReturn();

        StubGateway.Received r = GATEWAY.last("POST", "/v1/statements/S-1/approve");
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"reason\":\"figures checked against the provider's report\"}");
        assertThat(r.authorization()).isEqualTo("Bearer " + maker.getCredentials());

        GATEWAY.answer("GET /v1/statements/S-1", Answer.json(200, statementJson("DRAFT")));
        String page = mvc.perform(get("/statements/S-1").with(authentication(maker))
                        .flashAttrs(result.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"flash\"", "Not allowed",
                "four-eyes: fin.maker prepared this statement and cannot approve it");
    }

    @Test
    void markingPaidSendsThePaymentReferenceAndReason() throws Exception {
        GATEWAY.answer("POST /v1/statements/S-1/pay", Answer.json(200, "{\"statementId\":\"S-1\",\"status\":\"PAID\"}"));

        mvc.perform(post("/statements/S-1/pay").with(csrf()).with(authentication(as(Role.FINANCE, "fin.checker", null)))
                        .param("paymentReference", "SEPA-2026-0001").param("reason", "paid by bank transfer"))
                .andExpect(redirectedUrl("/statements/S-1"));

        assertThat(GATEWAY.last("POST", "/v1/statements/S-1/pay").body())
                .contains("\"paymentReference\":\"SEPA-2026-0001\"", "\"reason\":\"paid by bank transfer\"");
    }

    @Test
    void anActionWithoutItsReasonIsRefusedBeforeReachingTheGateway() throws Exception {
        MvcResult result = mvc.perform(post("/queues/breaks/7/resolve").with(csrf())
                        .with(authentication(as(Role.OPERATOR, "op.one", null)))
                        .param("resolution", "WRITE_OFF").param("note", "  "))
                .andExpect(redirectedUrl("/queues/breaks/7"))
                .andReturn();
        assertThat(GATEWAY.received()).isEmpty();
        assertThat(result.getFlashMap().get("flash")).hasToString(
                "Flash[ok=false, message=Invalid input, problem=GatewayProblem[status=400, title=Invalid input, "
                        + "detail=note: is required, fields=[note: is required]]]");
    }

    @Test
    void aProblemsFieldMessagesAreShown() throws Exception {
        GATEWAY.answer("POST /v1/reconciliation/exceptions/7/resolve", Answer.problem(400,
                "{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"resolution: must be one of ...\","
                        + "\"errors\":[{\"field\":\"resolution\",\"message\":\"must be one of ACCEPT_PROVIDER, ACCEPT_INTERNAL, WRITE_OFF, REOPEN\"}]}"));
        PersonAuthentication op = as(Role.OPERATOR, "op.one", null);

        MvcResult result = mvc.perform(post("/queues/breaks/7/resolve").with(csrf()).with(authentication(op))
                        .param("resolution", "WRITE_OFF").param("note", "provider confirmed the loss"))
                .andExpect(redirectedUrl("/queues/breaks/7")).andReturn();
        assertThat(GATEWAY.last("POST", "/v1/reconciliation/exceptions/7/resolve").body())
                .contains("\"resolution\":\"WRITE_OFF\"", "\"note\":\"provider confirmed the loss\"");

        GATEWAY.answer("GET /v1/reconciliation/exceptions/7", Answer.json(200,
                "{\"exception\":{\"id\":7,\"providerId\":\"p1\",\"status\":\"OPEN\",\"breakClass\":\"AMOUNT_MISMATCH\"},\"comments\":[]}"));
        String page = mvc.perform(get("/queues/breaks/7").with(authentication(op)).flashAttrs(result.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"flash\"", "Invalid request",
                "resolution: must be one of ACCEPT_PROVIDER, ACCEPT_INTERNAL, WRITE_OFF, REOPEN",
                "id=\"assign-to-me\"", "id=\"resolve\"");
    }

    @Test
    void aRefusedPageShowsTheProblemNeverAStackTrace() throws Exception {
        GATEWAY.answer("GET /v1/anomalies/9", Answer.problem(403,
                "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"OPERATOR or AUDITOR only\"}"));

        String page = mvc.perform(get("/anomalies/9").with(authentication(as(Role.AUDITOR, "aud.one", null))))
                .andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"problem\"", "Not allowed", "OPERATOR or AUDITOR only").doesNotContain("Exception");
    }

    @Test
    void financeApprovesAPendingWriteOffWithTheirNote() throws Exception {
        GATEWAY.answer("POST /v1/reconciliation/exceptions/7/approval", Answer.json(200, "{\"id\":7,\"status\":\"RESOLVED\"}"));

        mvc.perform(post("/queues/breaks/7/approval").with(csrf()).with(authentication(as(Role.FINANCE, "fin.checker", null)))
                        .param("decision", "approve").param("note", "within tolerance"))
                .andExpect(redirectedUrl("/queues/breaks/7"));

        assertThat(GATEWAY.last("POST", "/v1/reconciliation/exceptions/7/approval").body())
                .contains("\"approved\":true", "\"note\":\"within tolerance\"");
    }

    @Test
    void aReportIsStreamedWithTheGatewaysContentTypeAndDisposition() throws Exception {
        byte[] pdf = "%PDF-1.7 fake".getBytes(StandardCharsets.UTF_8);
        GATEWAY.answer("GET /v1/reports/42", new Answer(200, "application/pdf", pdf,
                Map.of("Content-Disposition", "attachment; filename=\"daily-2026-01-01.pdf\"")));

        MvcResult result = mvc.perform(get("/reports/42").with(authentication(as(Role.FINANCE, "fin.maker", null))))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"daily-2026-01-01.pdf\""))
                .andReturn();
        assertThat(result.getResponse().getContentAsByteArray()).isEqualTo(pdf);
    }

    @Test
    void assignToMeNamesTheSignedInPerson() throws Exception {
        GATEWAY.answer("POST /v1/ingest/exceptions/5/assign", Answer.json(200, "{\"id\":5,\"assignee\":\"op.one\"}"));

        mvc.perform(post("/queues/exceptions/5/assign").with(csrf()).with(authentication(as(Role.OPERATOR, "op.one", null))))
                .andExpect(redirectedUrl("/queues/exceptions/5"));

        assertThat(GATEWAY.last("POST", "/v1/ingest/exceptions/5/assign").body()).contains("\"assignee\":\"op.one\"");
    }

    @Test
    void theDailyReportAndTheStatementDocumentAreStreamedWithTheirParameters() throws Exception {
        byte[] xlsx = new byte[] {0x50, 0x4b, 0x03, 0x04, 1, 2, 3};
        GATEWAY.answer("GET /v1/reports/daily-settlement", new Answer(200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx,
                Map.of("Content-Disposition", "attachment; filename=\"daily-acme-2026-01-07.xlsx\"")));
        GATEWAY.answer("GET /v1/statements/S-1/document", new Answer(200, "application/json",
                "{\"lines\":[]}".getBytes(StandardCharsets.UTF_8), Map.of("X-Content-SHA256", "ab12")));
        PersonAuthentication finance = as(Role.FINANCE, "fin.maker", null);

        MvcResult report = mvc.perform(get("/reports/daily").param("date", "2026-01-07").param("provider", "acme")
                        .param("format", "xlsx").with(authentication(finance)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"daily-acme-2026-01-07.xlsx\""))
                .andReturn();
        assertThat(report.getResponse().getContentAsByteArray()).isEqualTo(xlsx);
        assertThat(GATEWAY.last("GET", "/v1/reports/daily-settlement").query())
                .contains("date=2026-01-07", "provider=acme", "format=xlsx");

        mvc.perform(get("/statements/S-1/document").with(authentication(finance)))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Content-SHA256", "ab12"))
                .andExpect(header().string("Content-Disposition", "attachment"))
                .andExpect(content().json("{\"lines\":[]}"));

        mvc.perform(get("/reports/daily").param("format", "docx").with(authentication(finance)))
                .andExpect(status().isBadRequest());
    }

    // ---- menus by role ----

    @Test
    void aProviderSeesNeitherQueuesNorAdministration() throws Exception {
        PersonAuthentication provider = as(Role.PROVIDER, "acme.finance", "acme");
        GATEWAY.answer("POST /graphql", Answer.json(200,
                "{\"data\":{\"dailyActivity\":{\"edges\":[{\"node\":{\"businessDate\":\"2026-01-01\",\"providerId\":\"acme\","
                        + "\"brandId\":\"b1\",\"currency\":\"EUR\",\"gameType\":\"SLOTS\",\"betCount\":3,\"bets\":\"30.00\",\"winCount\":1,"
                        + "\"wins\":\"12.00\",\"rollbackCount\":0,\"rollbacks\":\"0.00\",\"jackpotWins\":\"0.00\",\"freeRoundWins\":\"0.00\","
                        + "\"adjustments\":\"0.00\"}}],\"pageInfo\":{\"hasNextPage\":false}}}}"));
        GATEWAY.answer("GET /v1/statements", Answer.json(200, "[]"));
        GATEWAY.answer("GET /v1/reports", Answer.json(200, "[]"));

        String home = mvc.perform(get("/").with(authentication(provider))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(home).contains("id=\"nav-statements\"", "id=\"nav-reports\"", "id=\"nav-transactions\"", "id=\"tile-activity\"")
                .doesNotContain("id=\"nav-breaks\"", "id=\"nav-exceptions\"", "id=\"nav-anomalies\"", "id=\"nav-admin-users\"",
                        "id=\"nav-admin-clients\"");
        // GGR 30 − 12 = 18.00, RTP 40 %
        assertThat(home).contains(">18.00<", ">40.00<");
        assertThat(GATEWAY.received()).noneMatch(r -> r.path().startsWith("/v1/reconciliation") || r.path().startsWith("/v1/anomalies"));
        assertThat(GATEWAY.last("POST", "/graphql").body()).contains("\"providerId\":\"acme\"");
        mvc.perform(get("/admin/users").with(authentication(provider))).andExpect(status().isForbidden());
        mvc.perform(get("/queues/breaks").with(authentication(provider))).andExpect(status().isForbidden());
        mvc.perform(get("/providers/other").with(authentication(provider))).andExpect(status().isForbidden());
    }

    @Test
    void anOperatorWorksQueuesButCannotOpenOrApproveStatements() throws Exception {
        PersonAuthentication op = as(Role.OPERATOR, "op.one", null);
        GATEWAY.answer("GET /v1/ingest/summary", Answer.json(200, "[{\"providerId\":\"acme\",\"currency\":\"EUR\",\"recorded\":12}]"));
        GATEWAY.answer("GET /v1/reconciliation/exceptions", Answer.json(200, "{\"items\":[],\"page\":0,\"size\":1,\"total\":3}"));
        GATEWAY.answer("GET /v1/ingest/exceptions", Answer.json(200, "{\"items\":[],\"page\":0,\"size\":1,\"total\":2}"));
        GATEWAY.answer("GET /v1/anomalies", Answer.json(200, "{\"items\":[],\"page\":0,\"size\":1,\"total\":1}"));

        String home = mvc.perform(get("/").with(authentication(op))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(home).contains("id=\"nav-breaks\"", "id=\"nav-exceptions\"", "id=\"nav-anomalies\"", "id=\"tile-open-breaks\"",
                "id=\"tile-ingest\"").doesNotContain("id=\"nav-statements\"", "id=\"nav-admin-users\"", "id=\"tile-activity\"");
        assertThat(GATEWAY.received()).noneMatch(r -> r.path().equals("/graphql") || r.path().startsWith("/v1/statements"));
        mvc.perform(get("/statements/S-1").with(authentication(op))).andExpect(status().isForbidden());
        mvc.perform(post("/statements/S-1/approve").with(csrf()).with(authentication(op)).param("reason", "x"))
                .andExpect(status().isForbidden());
        assertThat(GATEWAY.received()).noneMatch(r -> r.path().startsWith("/v1/statements"));
    }

    @Test
    void onlyFinanceIsOfferedApproveOnADraftStatement() throws Exception {
        GATEWAY.answer("GET /v1/statements/S-1", Answer.json(200, statementJson("DRAFT")));

        String finance = mvc.perform(get("/statements/S-1").with(authentication(as(Role.FINANCE, "fin.checker", null))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String auditor = mvc.perform(get("/statements/S-1").with(authentication(as(Role.AUDITOR, "aud.one", null))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(finance).contains("id=\"approve-statement\"", "id=\"approve-reason\"", "data-test=\"line-row\"",
                "id=\"nav-statements\" href=\"/statements\" aria-current=\"page\"")
                .doesNotContain("id=\"pay-statement\"", "id=\"four-eyes-note\"");
        String preparer = mvc.perform(get("/statements/S-1").with(authentication(as(Role.FINANCE, "fin.maker", null))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(preparer).contains("id=\"four-eyes-note\"", "id=\"approve-statement\"");
        assertThat(auditor).doesNotContain("id=\"approve-statement\"", "id=\"pay-statement\"").contains("id=\"statement-status\"");
    }

    @Test
    void anAdminSeesANewUsersCredentialsOnceAndTheyAreNotKept() throws Exception {
        GATEWAY.answer("POST /v1/admin/users", Answer.json(201, "{\"userId\":\"fin.two\",\"role\":\"FINANCE\",\"providerId\":null,"
                + "\"password\":\"pw-once\",\"totpSecret\":\"JBSWY3DPEHPK3PXP\",\"otpauthUri\":\"otpauth://totp/x\"}"));
        MockHttpSession session = new MockHttpSession();

        String page = mvc.perform(post("/admin/users").session(session).with(csrf())
                        .with(authentication(as(Role.ADMIN, "admin", null)))
                        .param("userId", "fin.two").param("role", "FINANCE").param("reason", "new hire"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("id=\"issued-password\"", "pw-once", "id=\"issued-totpSecret\"", "JBSWY3DPEHPK3PXP");
        assertThat(GATEWAY.last("POST", "/v1/admin/users").body())
                .contains("\"userId\":\"fin.two\"", "\"role\":\"FINANCE\"", "\"reason\":\"new hire\"");
        assertThat(java.util.Collections.list(session.getAttributeNames()))
                .noneMatch(n -> String.valueOf(session.getAttribute(n)).contains("pw-once"));
    }

    // ---- helpers ----

    private static String statementJson(String status) {
        return "{\"statementId\":\"S-1\",\"providerId\":\"acme\",\"periodStart\":\"2026-01-01\",\"periodEnd\":\"2026-01-07\","
                + "\"version\":1,\"status\":\"" + status + "\",\"contractVersion\":1,\"settlementCurrency\":\"EUR\","
                + "\"totalPayable\":\"100.00\",\"sha256\":\"ab\",\"preparedBy\":\"fin.maker\",\"preparedAt\":\"2026-01-08T00:00:00Z\","
                + "\"document\":{\"lines\":[{\"index\":1,\"kind\":\"PERIOD\",\"gameType\":\"SLOTS\",\"currency\":\"EUR\","
                + "\"originDate\":\"2026-01-01\",\"bets\":\"30.00\",\"wins\":\"12.00\",\"ggr\":\"18.00\",\"deductions\":[],"
                + "\"ngr\":\"18.00\",\"fx\":{\"from\":\"EUR\",\"to\":\"EUR\",\"rate\":\"1\",\"source\":\"IDENTITY\",\"rateDate\":\"2026-01-01\"},"
                + "\"fee\":\"1.80\"}],\"totals\":{\"totalPayableMinor\":10000},\"roundingMode\":\"HALF_EVEN\"}}";
    }

    private static String sessionCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith("CONSOLE_SESSION=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("([^&=]+)=([^&]*)").matcher(body);
        while (m.find()) {
            out.put(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        }
        return out;
    }
}
