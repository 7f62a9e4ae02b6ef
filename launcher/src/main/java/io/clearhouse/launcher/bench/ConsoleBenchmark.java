package io.clearhouse.launcher.bench;

import io.clearhouse.common.identity.Totp;
import io.clearhouse.launcher.ConsoleUsers;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.StackTls;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * How long the console's pages take on the running stack with the demo's data: each of the demo's
 * people signs in (password and one-time code, as a person would), every page reachable within two
 * clicks of Today is found by following the console's own links (at most {@value #PER_KIND} of one kind,
 * {@value #MAX_PAGES} in all; no downloads, no sign-out), then each is fetched {@code rounds} times. The
 * time is the whole HTML document over one kept-alive connection: request sent to last byte read, which
 * is the console's and the gateway's work (the browser test's Navigation Timing adds the browser's own).
 * The first fetch of each page is reported apart: on a stack that just started it measures the JIT.
 */
final class ConsoleBenchmark {

    static final double TARGET_MS = 300;
    static final List<String> PEOPLE = List.of("ops.operator", "finance.maker");
    private static final int MAX_PAGES = 40;
    private static final int PER_KIND = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern HREF = Pattern.compile("href=\"(/console/[^\"#]*)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    /** Not pages: files, sign-in and -out, the assets, the single sign-on hand-off. */
    private static final Pattern NOT_A_PAGE = Pattern.compile(
            "/console/(login|logout|oauth2|css|js|img|images|static|favicon|actuator)\\b.*|.*(download|\\.pdf|\\.csv|\\.xlsx).*");

    private final StackConfig config;

    ConsoleBenchmark(StackConfig config) {
        this.config = config;
    }

    BenchReport run(int rounds) throws Exception {
        BenchReport report = new BenchReport("console");
        MachineLimits.measure(report, config);
        List<List<String>> rows = new ArrayList<>();
        Histogram all = new Histogram(60_000_000L, 3);
        int over = 0;
        int pages = 0;
        for (String person : PEOPLE) {
            ConsoleUsers.Kept kept = ConsoleUsers.find(config.dataDir(), person).orElseThrow(() -> new IllegalStateException(
                    "no demo person " + person + " kept in " + config.dataDir().resolve(ConsoleUsers.FILE)
                            + ": run ./clearhouse demo --keep (or ./clearhouse demo, then ./clearhouse up) first"));
            Browser browser = new Browser(config);
            browser.signIn(kept);
            Map<String, Long> first = browser.crawl();
            for (Map.Entry<String, Long> page : first.entrySet()) {
                Histogram h = new Histogram(60_000_000L, 3);
                for (int r = 0; r < rounds; r++) {
                    long micros = browser.timedGet(page.getKey()).micros();
                    h.recordValue(micros);
                    all.recordValue(micros);
                }
                double p95 = h.getValueAtPercentile(95) / 1000.0;
                if (p95 > TARGET_MS) {
                    over++;
                }
                pages++;
                rows.add(List.of(person, page.getKey(), fmt(page.getValue() / 1000.0),
                        fmt(h.getValueAtPercentile(50) / 1000.0), fmt(p95), fmt(h.getMaxValue() / 1000.0)));
            }
        }
        report.table("console pages, whole HTML document through the gateway (ms; " + rounds
                + " fetches each after the first)", List.of("person", "page", "first fetch", "p50", "p95", "max"), rows);
        report.figure("console pages: p50 over all pages", all.getValueAtPercentile(50) / 1000.0, "ms");
        report.figure("console pages: p95 over all pages", all.getValueAtPercentile(95) / 1000.0, "ms");
        report.figure("console pages: max over all pages", all.getMaxValue() / 1000.0, "ms");
        report.note(pages + " pages of " + PEOPLE.size() + " people; " + over + " with a p95 over the "
                + (int) TARGET_MS + " ms target");
        return report;
    }

    /** The console pages a page links to, in order, each once: no files, sign-in or -out, assets. */
    static List<String> links(String html) {
        Set<String> links = new LinkedHashSet<>();
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            String link = m.group(1).replace("&amp;", "&");
            if (!NOT_A_PAGE.matcher(link).matches()) {
                links.add(link);
            }
        }
        return List.copyOf(links);
    }

    /** A page's kind: its path with every segment that looks like an id or a date replaced. */
    static String kind(String link) {
        String path = link.contains("?") ? link.substring(0, link.indexOf('?')) : link;
        return path.replaceAll("/[^/]*[0-9:][^/]*", "/*");
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    /** One person's cookies and connection: what a browser keeps between pages. */
    private static final class Browser {

        record Fetched(int status, String body, long micros) {
        }

        private final HttpClient http;
        private final String origin;

        Browser(StackConfig config) {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER);
            if (config.tls()) {
                b.sslContext(StackTls.trust(config));
            }
            this.http = b.build();
            URI gateway = URI.create(config.serviceUrl("gateway"));
            this.origin = gateway.getScheme() + "://" + gateway.getAuthority();
        }

        void signIn(ConsoleUsers.Kept person) throws IOException, InterruptedException {
            for (int attempt = 0; attempt < 2; attempt++) {
                Fetched login = timedGet("/console/login");
                Matcher csrf = CSRF.matcher(login.body());
                if (!csrf.find()) {
                    throw new IOException("the console's sign-in page has no CSRF token (HTTP " + login.status() + ")");
                }
                String form = "username=" + enc(person.userId()) + "&password=" + enc(person.password())
                        + "&otp=" + Totp.code(person.totpSecret(), Instant.now()) + "&_csrf=" + enc(csrf.group(1));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(origin + "/console/login"))
                        .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                String location = r.headers().firstValue("Location").orElse("");
                if (r.statusCode() == 302 && !location.contains("login")) {
                    return;
                }
                // a code is good once: a run right after another waits for the next one
                long step = Totp.step(Instant.now());
                while (Totp.step(Instant.now()) == step) {
                    Thread.sleep(250);
                }
            }
            throw new IOException(person.userId() + " could not sign in to the console");
        }

        /** Every page within two clicks of Today, with its first fetch's time (µs). */
        Map<String, Long> crawl() throws IOException, InterruptedException {
            Map<String, Long> found = new LinkedHashMap<>();
            Map<String, Integer> perKind = new HashMap<>();
            Deque<Map.Entry<String, Integer>> queue = new ArrayDeque<>();
            queue.add(Map.entry("/console/", 0));
            Set<String> seen = new LinkedHashSet<>(Set.of("/console/"));
            while (!queue.isEmpty() && found.size() < MAX_PAGES) {
                Map.Entry<String, Integer> next = queue.poll();
                Fetched page = timedGet(next.getKey());
                if (page.status() != 200) {
                    continue;
                }
                found.put(next.getKey(), page.micros());
                if (next.getValue() >= 2) {
                    continue;
                }
                for (String link : links(page.body())) {
                    if (seen.add(link) && perKind.merge(kind(link), 1, Integer::sum) <= PER_KIND) {
                        queue.add(Map.entry(link, next.getValue() + 1));
                    }
                }
            }
            return found;
        }


        Fetched timedGet(String path) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(TIMEOUT)
                    .header("Accept", "text/html").GET().build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - t0) / 1000;
            return new Fetched(r.statusCode(), r.body(), micros);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
