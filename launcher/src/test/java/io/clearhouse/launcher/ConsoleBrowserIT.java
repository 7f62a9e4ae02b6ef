package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.identity.Totp;
import io.clearhouse.launcher.demo.GatewayClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The console end to end in a real headless Chromium (Debian packages {@code chromium} and
 * {@code chromium-driver}) against the whole embedded stack: people sign in with password and TOTP, drill
 * down to a provider, resolve a break, have a second person approve a write-off, approve and pay a statement,
 * download the day's PDF report; a PROVIDER person sees no other provider, and a FINANCE person cannot approve
 * what they prepared. Every page is saved at desktop and phone width under {@code target/console-screenshots/}
 * for review, and each page's load time (Navigation Timing) is printed and written beside them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("clearhouse.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("clearhouse.chromedriver",
            "/usr/bin/chromedriver"));
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String PROVIDER = "console-" + RUN;
    private static final String OTHER_PROVIDER = "other-" + RUN;
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);

    private static Stack stack;
    private static GatewayClient gateway;
    private static String base;
    private static final Map<String, Person> PEOPLE = new LinkedHashMap<>();
    private static final List<String> TIMINGS = new ArrayList<>();
    private static long breakToResolve;
    private static long breakToWriteOff;
    private static String draftStatement;

    private WebDriver driver;

    private record Person(String userId, String password, String totp) {
    }

    /** The last TOTP step each person used: the gateway refuses a code twice. */
    private static final Map<String, Long> LAST_STEP = new HashMap<>();

    @BeforeAll
    static void seed() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("headless Chromium and its driver are needed: sudo apt-get install chromium chromium-driver")
                .isTrue();
        Files.createDirectories(SHOTS);
        stack = RunningStack.get();
        gateway = new GatewayClient(stack.config().serviceUrl("gateway"), stack.config().dataDir(), "console-it-",
                null);
        base = stack.config().consoleUrl().replaceFirst("/$", "");
        person("ops-" + RUN, "OPERATOR", null);
        person("maker-" + RUN, "FINANCE", null);
        person("checker-" + RUN, "FINANCE", null);
        person("prov-" + RUN, "PROVIDER", PROVIDER);
        seedDay(PROVIDER);
        seedDay(OTHER_PROVIDER);
        seedBreaks();
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterAll
    static void writeTimings() throws IOException {
        Files.write(SHOTS.resolve("page-load-times.txt"), TIMINGS);
        TIMINGS.forEach(System.out::println);
    }

    @Test
    @Order(1)
    void anOperatorSignsInSeesTheDayAndDrillsDownToAProvider() throws Exception {
        open();
        signIn("ops-" + RUN);
        assertThat(text("#who")).contains("ops-" + RUN);
        shoot("home-operator");
        WebElement link = driver.findElements(By.cssSelector("[data-test=provider-link]")).stream()
                .filter(a -> a.getText().contains(PROVIDER)).findFirst().orElseThrow();
        link.click();
        waitFor("#provider-id");
        assertThat(text("#provider-id")).contains(PROVIDER);
        shoot("provider-drill-down");
        // one timeline across the services: ingest's judgement, then settlement's counting (read from settlement)
        Awaitility.await("settlement's counting in the history").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    go("/transactions?provider=" + PROVIDER + "&id=" + PROVIDER + "-bet-1");
                    return driver.findElements(By.cssSelector("[data-test=history-row][data-service=settlement]"))
                            .stream().map(WebElement::getText)
                            .anyMatch(t -> t.contains("COUNTED") && !t.contains("NOT_YET_COUNTED"));
                });
        assertThat(driver.findElements(By.cssSelector("[data-test=history-row][data-service=ingest]"))).isNotEmpty();
        assertThat(text("[data-test=covering-statement]")).contains(draftStatement);
        shoot("transaction-history");
        // an operator has no statements to approve and no administration
        assertThat(driver.findElements(By.id("nav-admin-users"))).isEmpty();
    }

    @Test
    @Order(2)
    void anOperatorResolvesABreakAndAWriteOffWaitsForASecondPersonWhoApprovesIt() throws Exception {
        open();
        signIn("ops-" + RUN);
        go("/queues/breaks?provider=" + PROVIDER);
        assertThat(driver.findElements(By.cssSelector("[data-test=queue-row]"))).hasSizeGreaterThanOrEqualTo(2);
        shoot("breaks-queue");

        go("/queues/breaks/" + breakToResolve);
        driver.findElement(By.id("assign-to-me")).click();
        waitForFlash();
        new Select(driver.findElement(By.id("resolution"))).selectByValue("ACCEPT_PROVIDER");
        driver.findElement(By.id("resolve-note")).sendKeys("the provider's stake is right");
        shoot("break-resolve");
        driver.findElement(By.id("resolve")).click();
        assertThat(waitForFlash()).doesNotContainIgnoringCase("refused");
        assertThat(breakStatus(breakToResolve)).isEqualTo("RESOLVED");

        go("/queues/breaks/" + breakToWriteOff);
        new Select(driver.findElement(By.id("resolution"))).selectByValue("WRITE_OFF");
        driver.findElement(By.id("resolve-note")).sendKeys("unknown to us; not worth chasing");
        driver.findElement(By.id("resolve")).click();
        waitForFlash();
        assertThat(breakStatus(breakToWriteOff)).isEqualTo("PENDING_APPROVAL");
        driver.findElement(By.id("sign-out")).click();
        waitFor("#login-form");

        signIn("checker-" + RUN);
        go("/queues/breaks/" + breakToWriteOff);
        shoot("write-off-approval");
        driver.findElement(By.id("approval-note")).sendKeys("checked the provider's file");
        driver.findElement(By.id("approve")).click();
        assertThat(waitForFlash()).doesNotContainIgnoringCase("refused");
        assertThat(breakStatus(breakToWriteOff)).isEqualTo("RESOLVED");
    }

    @Test
    @Order(3)
    void financeApprovesAndPaysAStatementAndDownloadsTheDaysPdf() throws Exception {
        open();
        signIn("checker-" + RUN);
        go("/statements?status=DRAFT");
        shoot("statements");
        go("/statements/" + draftStatement);
        shoot("statement");
        driver.findElement(By.id("approve-reason")).sendKeys("figures checked");
        driver.findElement(By.id("approve-statement")).click();
        assertThat(waitForFlash()).doesNotContainIgnoringCase("refused");
        assertThat(statementStatus(draftStatement)).isEqualTo("APPROVED");
        driver.findElement(By.id("sign-out")).click();
        waitFor("#login-form");

        // the payment is recorded by someone other than the approver
        signIn("maker-" + RUN);
        go("/statements/" + draftStatement);
        driver.findElement(By.id("payment-reference")).sendKeys("BANK-" + RUN);
        driver.findElement(By.id("pay-reason")).sendKeys("paid by transfer");
        driver.findElement(By.id("pay-statement")).click();
        assertThat(waitForFlash()).doesNotContainIgnoringCase("refused");
        assertThat(statementStatus(draftStatement)).isEqualTo("PAID");
        shoot("statement-paid");

        // the day's PDF for the provider, through the console with this session
        go("/reports?date=" + DAY + "&provider=" + PROVIDER);
        shoot("reports");
        WebElement pdf = Awaitility.await("the day's PDF report").atMost(WAIT).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    driver.navigate().refresh();
                    return driver.findElements(By.cssSelector("[data-test=download-report]")).stream()
                            .filter(a -> a.getText().toUpperCase().contains("PDF")).findFirst().orElse(null);
                }, e -> e != null);
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(pdf.getAttribute("href")))
                .header("Cookie", cookies()).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(new String(download.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Files.write(SHOTS.resolve("daily-settlement-" + DAY + "-" + PROVIDER + ".pdf"), download.body());
    }

    @Test
    @Order(4)
    void aFinancePersonCannotApproveWhatTheyPrepared() throws Exception {
        // the maker closes a later day by hand: the statement is theirs
        String token = personToken("maker-" + RUN);
        HttpResponse<String> closed = HTTP.send(HttpRequest.newBuilder(URI.create(stack.config().serviceUrl("gateway")
                        + "/v1/settlements/close")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"businessDate\":\"" + DAY.plusDays(1) + "\",\"providerId\":\""
                        + PROVIDER + "\",\"reason\":\"console test\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        String own = gateway.json().readTree(closed.body()).get("statements").get(0).get("statementId").asString();

        open();
        signIn("maker-" + RUN);
        go("/statements/" + own);
        assertThat(driver.findElements(By.id("four-eyes-note"))).isNotEmpty();
        driver.findElement(By.id("approve-reason")).sendKeys("my own");
        driver.findElement(By.id("approve-statement")).click();
        assertThat(waitForFlash()).containsIgnoringCase("four eyes");
        shoot("four-eyes-refused");
        assertThat(statementStatus(own)).isEqualTo("DRAFT");
    }

    @Test
    @Order(5)
    void aProviderPersonSeesTheirOwnProviderAndNoOther() throws Exception {
        open();
        signIn("prov-" + RUN);
        shoot("home-provider");
        assertThat(driver.findElements(By.id("nav-breaks"))).isEmpty();
        assertThat(driver.findElements(By.id("nav-admin-users"))).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain(OTHER_PROVIDER);
        go("/providers/" + OTHER_PROVIDER);
        assertThat(driver.getPageSource()).doesNotContain(OTHER_PROVIDER + "-bet-");
        assertThat(driver.findElements(By.cssSelector("#problem, #flash"))).isNotEmpty();
        go("/transactions?provider=" + OTHER_PROVIDER + "&id=" + OTHER_PROVIDER + "-bet-1");
        assertThat(driver.findElements(By.cssSelector("[data-test=history-row]"))).isEmpty();
        shoot("provider-refused-other");
    }

    @Test
    @Order(6)
    void aWrongCodeIsRefusedWithoutSayingWhichFactorWasWrong() throws Exception {
        open();
        Person p = PEOPLE.get("ops-" + RUN);
        driver.findElement(By.id("username")).sendKeys(p.userId());
        driver.findElement(By.id("password")).sendKeys(p.password());
        driver.findElement(By.id("otp")).sendKeys("000000".equals(Totp.code(p.totp(), Instant.now())) ? "111111"
                : "000000");
        driver.findElement(By.id("sign-in")).click();
        waitFor("#login-message");
        assertThat(text("#login-message")).containsIgnoringCase("sign-in failed");
        assertThat(text("#login-message")).doesNotContainIgnoringCase("code").doesNotContainIgnoringCase("password");
        shoot("sign-in-refused");
        // the session cookie is HttpOnly and SameSite
        go("/login");
        assertThat(driver.manage().getCookies()).allSatisfy(c -> assertThat(c.isHttpOnly()).as(c.getName()).isTrue());
    }

    @Test
    @Order(7)
    void theDemosPeopleAreCreatedOnceKeptOwnerOnlyAndSignInWithTheCodeTheLauncherPrints() throws Exception {
        Map<String, String> people = Map.of("demo-maker-" + RUN, "FINANCE");
        Map<String, ConsoleUsers.Kept> first = ConsoleUsers.ensure(gateway, people, "console test");
        Map<String, ConsoleUsers.Kept> again = ConsoleUsers.ensure(gateway, people, "console test");
        assertThat(again).isEqualTo(first);
        Path file = stack.config().dataDir().resolve(ConsoleUsers.FILE);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        assertThat(UsersCommand.run(stack.config(), List.of("code", "demo-maker-" + RUN),
                new Console(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8)))).isZero();
        String out = printed.toString(StandardCharsets.UTF_8);
        String password = out.lines().filter(l -> l.startsWith("password")).findFirst().orElseThrow().substring(10).trim();
        String code = out.lines().filter(l -> l.startsWith("code")).findFirst().orElseThrow().substring(10, 16);
        assertThat(password).isEqualTo(first.get("demo-maker-" + RUN).password());

        open();
        driver.findElement(By.id("username")).sendKeys("demo-maker-" + RUN);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("otp")).sendKeys(code);
        driver.findElement(By.id("sign-in")).click();
        assertThat(waitFor("#who").getText()).contains("demo-maker-" + RUN);
    }

    // ---- the browser

    private void open() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withTimeout(Duration.ofSeconds(60)).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(Duration.ofSeconds(30));
        go("/login");
    }

    private void go(String path) {
        driver.get(base + path);
    }

    private void signIn(String userId) {
        Person p = PEOPLE.get(userId);
        go("/login");
        driver.findElement(By.id("username")).sendKeys(p.userId());
        driver.findElement(By.id("password")).sendKeys(p.password());
        driver.findElement(By.id("otp")).sendKeys(nextCode(p));
        driver.findElement(By.id("sign-in")).click();
        waitFor("#who");
    }

    /** A code of a step this person has not used yet (the current one, or the next, which the gateway accepts). */
    private static synchronized String nextCode(Person p) {
        long now = Totp.step(Instant.now());
        long step = Math.max(now, LAST_STEP.getOrDefault(p.userId(), Long.MIN_VALUE) + 1);
        if (step > now + Totp.WINDOW) {
            Awaitility.await("the next TOTP step").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Totp.step(Instant.now()) + Totp.WINDOW >= step);
        }
        LAST_STEP.put(p.userId(), step);
        return Totp.code(p.totp(), step);
    }

    private WebElement waitFor(String css) {
        return new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector(css)).stream().findFirst()
                .orElse(null));
    }

    private String waitForFlash() {
        return waitFor("#flash, #problem").getText();
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private String cookies() {
        StringBuilder sb = new StringBuilder();
        for (Cookie c : driver.manage().getCookies()) {
            sb.append(sb.isEmpty() ? "" : "; ").append(c.getName()).append('=').append(c.getValue());
        }
        return sb.toString();
    }

    /** The page at desktop and at phone width (375 px), and how long it took to load. */
    private void shoot(String name) throws IOException {
        Object ms = ((JavascriptExecutor) driver).executeScript(
                "const n = performance.getEntriesByType('navigation')[0];"
                        + " return n ? Math.round(n.responseEnd - n.startTime) : -1;");
        TIMINGS.add(String.format("%-28s %5s ms  %s", name, ms, driver.getCurrentUrl()));
        Files.write(SHOTS.resolve(name + "-desktop.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        Dimension desktop = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(375, 812));
        Long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        Object wide = ((JavascriptExecutor) driver).executeScript(
                "const w = document.documentElement.clientWidth;"
                        + " const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {"
                        + " if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };"
                        + " return Array.from(document.querySelectorAll('body *'))"
                        + ".filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e))"
                        + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' +"
                        + " Math.round(e.getBoundingClientRect().right) + ' ' + getComputedStyle(e).overflowX).join(', ');");
        Files.writeString(SHOTS.resolve(name + ".html"), driver.getPageSource());
        Files.write(SHOTS.resolve(name + "-phone.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(desktop);
        assertThat(overflow).as(name + ": the page fits 375 px (wide tables scroll inside their own box); too wide: "
                + wide).isLessThanOrEqualTo(0L);
    }

    // ---- the data, through the gateway's APIs

    private static void person(String userId, String role, String providerId) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("role", role);
        body.put("providerId", providerId);
        body.put("reason", "console browser test");
        GatewayClient.Answer a = gateway.postJson("/v1/admin/users", body, GatewayClient.Role.ADMIN);
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
        PEOPLE.put(userId, new Person(userId, a.body().get("password").asString(), a.body().get("totpSecret").asString()));
    }

    /** A token as the person, through the password grant (for what the console does not do: closing a day). */
    private static String personToken(String userId) throws Exception {
        Person p = PEOPLE.get(userId);
        String form = "grant_type=password&username=" + p.userId() + "&password="
                + java.net.URLEncoder.encode(p.password(), StandardCharsets.UTF_8) + "&otp=" + nextCode(p);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.config().serviceUrl("gateway")
                        + "/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return gateway.json().readTree(r.body()).get("access_token").asString();
    }

    /** Bets 4 x 100.00 and wins 2 x 150.00 on DAY; a contract: the scheduler closes the day into a DRAFT. */
    private static void seedDay(String provider) throws Exception {
        List<Map<String, Object>> day = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> tx = new LinkedHashMap<>();
            tx.put("providerTxId", provider + (i < 4 ? "-bet-" + i : "-win-" + i));
            tx.put("roundId", "round-" + provider + "-" + i);
            tx.put("playerRef", "p-1");
            tx.put("brandId", "brand-a");
            tx.put("gameId", "game-a");
            tx.put("gameType", "SLOT");
            tx.put("type", i < 4 ? "BET" : "WIN");
            tx.put("amount", i < 4 ? "100.00" : "150.00");
            tx.put("currency", "USD");
            tx.put("occurredAt", DAY.atTime(12, 0, i).toInstant(ZoneOffset.UTC).toString());
            day.add(tx);
        }
        assertThat(gateway.postBatch(provider, day).status()).isEqualTo(202);
        Awaitility.await(provider + " counted by settlement").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/v1/settlements/aggregates?businessDate=" + DAY + "&providerId=" + provider,
                        GatewayClient.Role.FINANCE).body().toString().contains(provider));
        GatewayClient.Answer contract = gateway.upload("/v1/contracts/import",
                TestContracts.slotsAtTenPercent(provider, "console test contract"), "application/yaml",
                GatewayClient.Role.FINANCE);
        assertThat(contract.status()).as(String.valueOf(contract.body())).isEqualTo(200);
        JsonNode drafts = Awaitility.await(provider + "'s draft").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/v1/statements?providerId=" + provider + "&from=" + DAY + "&to=" + DAY,
                        GatewayClient.Role.FINANCE).body(), b -> b != null && b.size() == 1);
        if (PROVIDER.equals(provider)) {
            draftStatement = drafts.get(0).get("statementId").asString();
        }
    }

    /**
     * The provider's file says one stake was 120.00 (a break the operator accepts) and has a 500.00 line we
     * never saw (a write-off above the approval threshold of 100).
     */
    private static void seedBreaks() throws Exception {
        StringBuilder csv = new StringBuilder("providerTxId,type,amount,currency,occurredAt\r\n");
        for (int i = 0; i < 6; i++) {
            csv.append(PROVIDER).append(i < 4 ? "-bet-" + i : "-win-" + i).append(i < 4 ? ",BET," : ",WIN,")
                    .append(i == 0 ? "120.00" : i < 4 ? "100.00" : "150.00").append(",USD,")
                    .append(DAY.atTime(12, 0, i).toInstant(ZoneOffset.UTC)).append("\r\n");
        }
        csv.append(PROVIDER).append("-unknown,BET,500.00,USD,").append(DAY.atTime(13, 0).toInstant(ZoneOffset.UTC))
                .append("\r\n");
        GatewayClient.Answer upload = gateway.upload("/v1/reconciliation/statements?providerId=" + PROVIDER,
                csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv", GatewayClient.Role.PROVIDER);
        assertThat(upload.status()).as(String.valueOf(upload.body())).isEqualTo(201);
        long runId = upload.body().get("runId").asLong();
        long statementId = upload.body().get("statement").get("id").asLong();
        Awaitility.await("reconciliation run " + runId).atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> "COMPLETED".equals(gateway.get("/v1/reconciliation/runs/" + runId,
                        GatewayClient.Role.OPERATOR).body().path("run").path("status").asString()));
        JsonNode breaks = gateway.get("/v1/reconciliation/exceptions?statementId=" + statementId + "&status=OPEN",
                GatewayClient.Role.OPERATOR).body().get("items");
        for (JsonNode b : breaks) {
            switch (b.get("breakClass").asString()) {
                case "AMOUNT_MISMATCH" -> breakToResolve = b.get("id").asLong();
                case "MISSING_INTERNAL" -> breakToWriteOff = b.get("id").asLong();
                default -> { }
            }
        }
        assertThat(breakToResolve).as(breaks.toString()).isPositive();
        assertThat(breakToWriteOff).as(breaks.toString()).isPositive();
    }

    private static String breakStatus(long id) throws Exception {
        return gateway.get("/v1/reconciliation/exceptions/" + id, GatewayClient.Role.OPERATOR).body()
                .path("exception").path("status").asString();
    }

    private static String statementStatus(String id) throws Exception {
        return gateway.get("/v1/statements/" + id, GatewayClient.Role.FINANCE).body().path("status").asString();
    }
}
