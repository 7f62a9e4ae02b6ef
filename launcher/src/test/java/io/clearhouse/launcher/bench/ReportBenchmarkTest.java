package io.clearhouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReportBenchmarkTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void expectsEachProvidersThreeFormats() {
        assertThat(ReportBenchmark.expected(List.of("a", "b")))
                .containsExactly("a/CSV", "a/PDF", "a/XLSX", "b/CSV", "b/PDF", "b/XLSX");
    }

    @Test
    void contractsPriceEveryGameTypeTheSeedWritesForEveryProvider() {
        String yaml = ReportBenchmark.contractsYaml(List.of("bench-x-p0", "bench-x-p1"));
        String sql = ReportBenchmark.seedSql("ARRAY['bench-x-p0','bench-x-p1']", 2, LocalDate.of(2026, 11, 28), 1000);

        assertThat(yaml).contains("providerId: bench-x-p0", "providerId: bench-x-p1", "settlementCurrency: EUR",
                "settlementCurrency: USD");
        for (String gameType : List.of("SLOT", "LIVE", "TABLE", "CRASH")) {
            assertThat(sql).contains("'" + gameType + "'");
            assertThat(yaml.split("\n        " + gameType + ":", -1)).hasSize(3);
        }
        assertThat(sql).contains("DATE '2026-11-28'", "generate_series(0::bigint, 1000 - 1)", "i % 2");
    }

    @Test
    void theReceiverCountsOnlyCorrectlySignedWebhooksAndSaysWhenAllReportsWereNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String secret = "s3cret";
        LocalDate day = LocalDate.of(2026, 11, 28);
        long start = System.nanoTime();
        try (ReportBenchmark.WebhookReceiver r = ReportBenchmark.WebhookReceiver.start(
                URI.create("http://127.0.0.1:" + port + "/hook"), secret)) {
            String body = """
                    {"event":"reports.ready","businessDate":"2026-11-28","reports":[
                     {"scope":"PROVIDER","providerId":"a","format":"CSV"},{"scope":"PROVIDER","providerId":"a","format":"XLSX"},
                     {"scope":"PROVIDER","providerId":"a","format":"PDF"},{"scope":"CONSOLIDATED","providerId":null,"format":"PDF"}]}""";
            String ts = "1764633600";

            int forged = post(port, body, ts, ReportBenchmark.WebhookReceiver.sign("other", ts,
                    body.getBytes(StandardCharsets.UTF_8)));
            assertThat(r.awaitCovering(day, List.of("a"), start, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)))
                    .isEqualTo(-1);
            int signed = post(port, body, ts, ReportBenchmark.WebhookReceiver.sign(secret, ts,
                    body.getBytes(StandardCharsets.UTF_8)));

            assertThat(forged).isEqualTo(401);
            assertThat(signed).isEqualTo(204);
            assertThat(r.badSignatures.get()).isEqualTo(1);
            assertThat(r.awaitCovering(day, List.of("a"), start, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)))
                    .isGreaterThanOrEqualTo(0);
            assertThat(r.awaitCovering(day, List.of("a", "b"), start, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)))
                    .isEqualTo(-1);
        }
    }

    private static int post(int port, String body, String ts, String signature) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hook"))
                        .timeout(Duration.ofSeconds(10)).header("X-Timestamp", ts).header("X-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
