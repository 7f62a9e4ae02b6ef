package io.clearhouse.launcher.bench;

import com.sun.net.httpserver.HttpServer;
import io.clearhouse.common.db.DatabaseBootstrap;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headline: a day of N transactions (default 10,000,000) over P providers (default 8), from the
 * close starting to every provider's three reports (CSV, XLSX, PDF) archived by reporting-service and
 * the signed "reports ready" webhook received, through the real running stack.
 *
 * <p>What is measured and what is not: settlement keeps its aggregates up to date while a day is
 * consumed, so the close reads aggregates, not transactions. The seed therefore writes, as settlement's
 * owner role and before the clock starts, the aggregate rows that a day of N transactions produces
 * (summed by one GROUP BY over {@code generate_series}, the same shape as settlement's
 * {@code CloseDayBenchmark}); the cost of consuming N transactions is ingest's and the consumer's, measured
 * by {@code ./clearhouse bench ingest} and {@code CloseDayBenchmark}. The clock starts when the
 * providers' contracts are imported (from then on settlement's scheduler may close the day by itself;
 * the benchmark also asks for each provider's close through the API) and phases end when every
 * provider has a statement (close), when every provider's CSV, XLSX and PDF are in reporting's
 * archive (reports) and when webhooks naming all of them have arrived (webhook).
 */
public final class ReportBenchmark {

    static final long WAIT_SECONDS = 600;
    private static final List<String> FORMATS = List.of("CSV", "XLSX", "PDF");
    private static final DateTimeFormatter ECB_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final StackConfig config;
    private final GatewayClient gateway;
    private final JsonMapper json = JsonMapper.builder().build();

    public ReportBenchmark(StackConfig config, GatewayClient gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    public BenchReport run(long transactions, int providerCount, String webhookUrl, String webhookSecret)
            throws Exception {
        BenchReport report = new BenchReport("report");
        try (Connection pg = superuser()) {
            report.figure("machine: PostgreSQL COPY (200k rows x ~280 B, PK)", MachineLimits.copyRowsPerSecond(pg, 200_000),
                    "rows/s");
        }
        report.figure("machine: Kafka producer (200k x 280 B, acks=all, idempotent)",
                MachineLimits.kafkaProducerMessagesPerSecond(config.kafkaBootstrap(), 200_000), "msgs/s");

        String tag = Long.toString(Instant.now().getEpochSecond(), 36);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(4);
        List<String> providers = new ArrayList<>();
        for (int p = 0; p < providerCount; p++) {
            providers.add("bench-" + tag + "-p" + p);
        }
        report.note("day " + day + ", " + transactions + " transactions over " + providerCount + " providers ("
                + providers.get(0) + " ...), 3 brands x 4 currencies x 4 game types each");

        WebhookReceiver receiver = webhookUrl == null ? null : WebhookReceiver.start(URI.create(webhookUrl), webhookSecret);
        try {
            GatewayClient.Answer rates = gateway.upload("/v1/fx/rates/import?source=ECB",
                    ecbCsv(day).getBytes(StandardCharsets.UTF_8), "text/csv", GatewayClient.Role.FINANCE);
            if (rates.status() != 200) {
                throw new IOException("FX rates refused: HTTP " + rates.status() + " " + rates.body());
            }
            long t0 = System.nanoTime();
            long aggregateRows = seed(providers, day, transactions);
            report.figure("seed: aggregates of the day (GROUP BY over generate_series, not timed below)",
                    (System.nanoTime() - t0) / 1e9, "s");
            report.note("seeded " + aggregateRows + " aggregate rows summing " + transactions + " transactions");

            byte[] contracts = contractsYaml(providers).getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            GatewayClient.Answer loaded = gateway.upload("/v1/contracts/import", contracts, "application/yaml",
                    GatewayClient.Role.FINANCE);
            if (loaded.status() != 200) {
                throw new IOException("contracts refused: HTTP " + loaded.status() + " " + loaded.body());
            }
            for (String p : providers) {
                GatewayClient.Answer closed = gateway.postJson("/v1/settlements/close", Map.of("businessDate",
                        day.toString(), "providerId", p, "reason", "report benchmark"), GatewayClient.Role.FINANCE);
                if (closed.status() != 200 && closed.status() != 409) {
                    report.note("close of " + p + ": HTTP " + closed.status() + " " + closed.body());
                }
            }
            long deadline = start + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            double closeS = awaitStatements(day, providers, start, deadline);
            double reportsS = closeS < 0 ? -1 : awaitReports(day, providers, start, deadline);
            double webhookS = receiver == null || reportsS < 0 ? -1 : receiver.awaitCovering(day, providers, start, deadline);

            report.figure("close: contracts in -> every provider's DRAFT statement", closeS, "s");
            report.figure("reports: -> every provider's CSV, XLSX and PDF archived", reportsS, "s");
            if (receiver == null) {
                report.note("webhook: not measured (set CLEARHOUSE_REPORTING_WEBHOOK_URL and _SECRET for the stack and the bench)");
            } else {
                report.figure("webhook: -> signed reports.ready naming all of them received", webhookS, "s");
                report.note("webhook deliveries received: " + receiver.received.get() + ", bad signatures: "
                        + receiver.badSignatures.get());
            }
            double headline = receiver == null ? reportsS : webhookS;
            report.figure("HEADLINE: " + transactions + " transactions, close start -> reports + webhook", headline, "s");
            report.note(headline < 0 ? "target <= 60 s: NOT MET (did not finish within " + WAIT_SECONDS + " s)"
                    : headline <= 60 ? "target <= 60 s: met" : "target <= 60 s: NOT MET");
            report.note("close time does not grow with N (settlement reads " + aggregateRows
                    + " aggregate rows); the cost of consuming N transactions is ingest's and the consumer's "
                    + "(./clearhouse bench ingest, settlement CloseDayBenchmark)");
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
        return report;
    }

    /** Seconds from start until every provider has a statement for the day, or -1 at the deadline. */
    private double awaitStatements(LocalDate day, List<String> providers, long start, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            GatewayClient.Answer a = gateway.get("/v1/statements?from=" + day + "&to=" + day + "&limit=1000",
                    GatewayClient.Role.FINANCE);
            Set<String> seen = new TreeSet<>();
            if (a.status() == 200 && a.body() != null) {
                for (JsonNode s : a.body()) {
                    seen.add(s.get("providerId").asString());
                }
            }
            if (seen.containsAll(providers)) {
                return (System.nanoTime() - start) / 1e9;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return -1;
    }

    /** Seconds from start until reporting archived each provider's three formats, or -1 at the deadline. */
    private double awaitReports(LocalDate day, List<String> providers, long start, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            Set<String> seen = new TreeSet<>();
            for (String p : providers) {
                GatewayClient.Answer a = gateway.get("/v1/reports?date=" + day + "&provider=" + p + "&limit=50",
                        GatewayClient.Role.FINANCE);
                if (a.status() == 200 && a.body() != null) {
                    for (JsonNode r : a.body()) {
                        seen.add(p + "/" + r.get("format").asString());
                    }
                }
            }
            if (seen.containsAll(expected(providers))) {
                return (System.nanoTime() - start) / 1e9;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return -1;
    }

    static Set<String> expected(List<String> providers) {
        Set<String> all = new TreeSet<>();
        for (String p : providers) {
            for (String f : FORMATS) {
                all.add(p + "/" + f);
            }
        }
        return all;
    }

    /** The day's aggregates of N transactions, written as settlement's owner role; returns the rows written. */
    private long seed(List<String> providers, LocalDate day, long n) throws Exception {
        try (Connection c = superuser(); Statement st = c.createStatement()) {
            st.execute("SET ROLE " + DatabaseBootstrap.ownerRole("settlement"));
            st.execute("SET work_mem = '128MB'");
            String names = "ARRAY[" + String.join(",", providers.stream().map(p -> "'" + p + "'").toList()) + "]";
            st.execute(seedSql(names, providers.size(), day, n));
            try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(bet_count + win_count + rollback_count "
                    + "+ free_round_win_count), 0) FROM settlement.aggregates WHERE posting_date = DATE '" + day
                    + "' AND provider_id = ANY(" + names + ")")) {
                rs.next();
                if (rs.getLong(2) != n) {
                    throw new IllegalStateException("seeded " + rs.getLong(2) + " transactions, not " + n);
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * Row i goes to provider i % P; k = i / P walks every (brand, currency, game type) and the type bucket
     * (k / 48) % 20 gives 10 of 20 bets, 7 wins, 1 rollback, 2 free-round wins; amounts 1.00..100.99 in
     * minor units, jackpot contributions 1 % of bets.
     */
    static String seedSql(String providerArray, int providers, LocalDate day, long n) {
        return """
                INSERT INTO settlement.aggregates (provider_id, posting_date, origin_date, brand_id, currency, game_type,
                    bet_count, bet_minor, win_count, win_minor, rollback_count, rollback_minor,
                    free_round_win_count, free_round_win_minor, jackpot_win_count, jackpot_win_minor,
                    jackpot_contribution_minor, adjustment_count, stake_adjustment_minor, payout_adjustment_minor, updated_at)
                SELECT provider, DATE '%2$s', DATE '%2$s', brand, ccy, gt,
                       count(*) FILTER (WHERE t < 10), coalesce(sum(amount) FILTER (WHERE t < 10), 0),
                       count(*) FILTER (WHERE t BETWEEN 10 AND 16), coalesce(sum(amount) FILTER (WHERE t BETWEEN 10 AND 16), 0),
                       count(*) FILTER (WHERE t = 17), coalesce(sum(amount) FILTER (WHERE t = 17), 0),
                       count(*) FILTER (WHERE t >= 18), coalesce(sum(amount) FILTER (WHERE t >= 18), 0), 0, 0,
                       coalesce(sum(amount / 100) FILTER (WHERE t < 10), 0), 0, 0, 0, now()
                  FROM (SELECT (%1$s)[1 + (i %% %3$d)] AS provider, 'brand-' || (k %% 3) AS brand,
                               (ARRAY['EUR','USD','KRW','JPY'])[1 + (k / 3) %% 4] AS ccy,
                               (ARRAY['SLOT','LIVE','TABLE','CRASH'])[1 + (k / 12) %% 4] AS gt,
                               (k / 48) %% 20 AS t, 100 + (i * 7919) %% 10000 AS amount
                          FROM generate_series(0::bigint, %4$d - 1) AS i
                         CROSS JOIN LATERAL (SELECT i / %3$d AS k) x) s
                 GROUP BY provider, brand, ccy, gt""".formatted(providerArray, day, providers, n);
    }

    /** The benchmark providers' contracts (UTC, daily, every game type priced), in the import's YAML. */
    static String contractsYaml(List<String> providers) {
        StringBuilder y = new StringBuilder("reason: report benchmark\ncontracts:\n");
        for (int p = 0; p < providers.size(); p++) {
            y.append("  - providerId: ").append(providers.get(p)).append('\n')
                    .append("    effectiveFrom: \"2020-01-01\"\n")
                    .append("    terms:\n")
                    .append("      settlementCurrency: ").append(p % 2 == 0 ? "EUR" : "USD").append('\n')
                    .append("      timeZone: UTC\n")
                    .append("      cutoffHour: 0\n")
                    .append("      rateDate: BUSINESS_DATE\n")
                    .append("      fxFallbackDays: 3\n")
                    .append("      aggregatorFeeRate: \"0.01\"\n")
                    .append("      deductions:\n")
                    .append("        - { type: BONUS_COST }\n")
                    .append("        - { type: JACKPOT_CONTRIBUTIONS }\n")
                    .append("        - { type: GAMING_TAX, rate: \"0.05\" }\n")
                    .append("      games:\n")
                    .append("        SLOT:\n")
                    .append("          base: GGR\n")
                    .append("          tierMode: MARGINAL\n")
                    .append("          tiers:\n")
                    .append("            - { from: \"0\", rate: \"0.10\" }\n")
                    .append("            - { from: \"100000\", rate: \"0.08\" }\n")
                    .append("        LIVE:  { base: NGR, rate: \"0.25\" }\n")
                    .append("        TABLE: { base: NGR, rate: \"0.20\", minimumGuarantee: \"1000\" }\n")
                    .append("        CRASH: { base: GGR, rate: \"0.15\" }\n");
        }
        return y.toString();
    }

    private static String ecbCsv(LocalDate day) {
        StringBuilder csv = new StringBuilder("Date, USD, JPY, KRW, \n");
        for (int back = 0; back <= 3; back++) {
            csv.append(day.minusDays(back).format(ECB_DATE)).append(", 1.0512, 162.44, 1471.93, \n");
        }
        return csv.toString();
    }

    private Connection superuser() throws Exception {
        return BenchEnvironment.superuser(config);
    }

    /** Receives reporting's signed webhooks; remembers which (provider, format) of which day they named, and when. */
    static final class WebhookReceiver implements AutoCloseable {

        private final HttpServer server;
        private final String secret;
        private final JsonMapper json = JsonMapper.builder().build();
        /** "date provider/FORMAT" → first arrival, System.nanoTime(). */
        final Map<String, Long> named = new ConcurrentHashMap<>();
        final AtomicLong received = new AtomicLong();
        final AtomicLong badSignatures = new AtomicLong();

        private WebhookReceiver(HttpServer server, String secret) {
            this.server = server;
            this.secret = secret;
        }

        static WebhookReceiver start(URI url, String secret) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", url.getPort()), 16);
            WebhookReceiver r = new WebhookReceiver(server, secret);
            server.createContext(url.getPath().isEmpty() ? "/" : url.getPath(), exchange -> {
                long at = System.nanoTime();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes(1 << 20);
                }
                String ts = exchange.getRequestHeaders().getFirst("X-Timestamp");
                String sig = exchange.getRequestHeaders().getFirst("X-Signature");
                r.received.incrementAndGet();
                if (ts == null || sig == null || secret == null || !MessageDigest.isEqual(
                        sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII))) {
                    r.badSignatures.incrementAndGet();
                    exchange.sendResponseHeaders(401, -1);
                    exchange.close();
                    return;
                }
                try {
                    r.take(body, at);
                } catch (RuntimeException unreadable) {
                    exchange.sendResponseHeaders(400, -1);
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return r;
        }

        void take(byte[] body, long at) {
            JsonNode n = json.readTree(body);
            String date = n.path("businessDate").asString("");
            for (JsonNode rep : n.path("reports")) {
                if (!rep.path("providerId").isNull() && !rep.path("providerId").isMissingNode()) {
                    named.putIfAbsent(date + " " + rep.get("providerId").asString() + "/" + rep.path("format").asString(), at);
                }
            }
        }

        /** Seconds from start until webhooks named every provider's three formats of the day, or -1. */
        double awaitCovering(LocalDate day, List<String> providers, long start, long deadline) throws InterruptedException {
            while (System.nanoTime() < deadline) {
                long last = 0;
                boolean all = true;
                for (String key : expected(providers)) {
                    Long at = named.get(day + " " + key);
                    if (at == null) {
                        all = false;
                        break;
                    }
                    last = Math.max(last, at);
                }
                if (all) {
                    return (last - start) / 1e9;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            return -1;
        }

        static String sign(String secret, String timestamp, byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
                return HexFormat.of().formatHex(mac.doFinal(body));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
