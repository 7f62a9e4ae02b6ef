package io.clearhouse.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.console.StubGateway.Answer;
import io.clearhouse.testsupport.TestInfrastructure;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sessions in the console's schema of the real PostgreSQL: a person signed in on one console instance
 * is signed in on a second one (a replica, or the same console after a restart), and signing out on
 * either ends the session for both. The gateway the consoles sign in with is a stub.
 */
class SessionStoreIT {

    private static final StubGateway GATEWAY = StubGateway.started();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void twoConsoles() {
        GATEWAY.answer("POST /oauth2/token", Answer.json(200, "{\"access_token\":\""
                + StubGateway.token("fin.maker", "FINANCE", null) + "\",\"token_type\":\"Bearer\",\"expires_in\":900}"));
        // the first applies the schema's history as its owner (the launcher's migrate step does it on its own)
        first = console(true);
        second = console(false);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        GATEWAY.close();
    }

    private static ConfigurableApplicationContext console(boolean migrate) {
        TestInfrastructure infra = TestInfrastructure.get();
        // arguments, not default properties: they win over application.yml's placeholders
        return new SpringApplicationBuilder(ConsoleApplication.class).run(
                "--server.port=0",
                "--clearhouse.console.gateway-url=" + GATEWAY.url(),
                "--clearhouse.console.session.url=" + infra.jdbcUrl(),
                "--clearhouse.console.session.username=" + DatabaseBootstrap.appRole("console"),
                "--clearhouse.console.session.password=" + infra.password(DatabaseBootstrap.appRole("console")),
                "--clearhouse.console.session.migrate-on-start=" + migrate,
                "--clearhouse.console.session.migration-password=" + infra.password(DatabaseBootstrap.ownerRole("console")));
    }

    private static String base(ConfigurableApplicationContext console) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) console).getWebServer().getPort() + "/console";
    }

    @Test
    void aSessionStartedOnOneConsoleIsFoundByAnotherAndEndsOnBoth() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();

        // sign in on the first console
        HttpResponse<String> signedIn = post(browser, base(first) + "/login",
                "username=fin.maker&password=secret-password&otp=123456&_csrf=" + csrf(get(browser, base(first) + "/login").body()));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("failed");
        assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("CONSOLE_SESSION=").contains("HttpOnly", "SameSite=Strict", "Path=/console"));
        assertThat(sessionRows()).as("the session is a row of the console's schema").isPositive();

        // the same cookie on the second console: the home page, not the sign-in page
        HttpResponse<String> home = get(browser, base(second) + "/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"sign-out\"", "fin.maker");

        // sign out on the second: the first no longer knows the session either
        HttpResponse<String> out = post(browser, base(second) + "/logout", "_csrf=" + csrf(home.body()));
        assertThat(out.statusCode()).isEqualTo(302);
        HttpResponse<String> after = get(browser, base(first) + "/");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).contains("/login");
    }

    @Test
    void sessionWritesDoNotWaitForTheWalFlush() throws Exception {
        try (Connection c = first.getBean(javax.sql.DataSource.class).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("off");
        }
    }

    private static long sessionRows() throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM console.spring_session WHERE principal_name = 'fin.maker'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(HttpClient browser, String url, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in %s", html.length() > 3000 ? html.substring(0, 3000) : html).isTrue();
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
