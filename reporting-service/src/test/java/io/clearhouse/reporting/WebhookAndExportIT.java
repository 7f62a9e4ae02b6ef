package io.clearhouse.reporting;

import static io.clearhouse.reporting.StatementMother.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.reporting.report.CsvParsing;
import io.clearhouse.support.webhook.WebhookSignature;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookAndExportIT extends ReportingITBase {

    @Test
    void reportsReadyIsSignedRetriedAfterAFailureAndEveryAttemptRecorded() throws Exception {
        String provider = uniqueProvider("hook");
        LocalDate date = uniqueDate();
        publishStatement(statement().provider(provider).date(date).event());

        WebhookReceiver.Received ok = await().atMost(Duration.ofSeconds(90)).until(() -> WEBHOOK.received().stream()
                .filter(r -> r.body().contains(provider) && "2".equals(r.attempt())).findFirst().orElse(null),
                r -> r != null);
        // the one scheme of every Clearhouse webhook: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">
        assertThat(ok.signature()).startsWith("sha256=").isEqualTo(WebhookSignature.sign(WEBHOOK_SECRET,
                Long.parseLong(ok.timestamp()), ok.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.verify(WEBHOOK_SECRET, ok.timestamp(), ok.signature(),
                ok.body().getBytes(StandardCharsets.UTF_8), Instant.now(), Duration.ofSeconds(120))).isTrue();
        assertThat(ok.eventId()).isEqualTo(ok.delivery());
        JsonNode body = json.readTree(ok.body());
        assertThat(body.get("event").asString()).isEqualTo("reports.ready");
        assertThat(body.get("businessDate").asString()).isEqualTo(date.toString());
        assertThat(body.get("reports")).hasSize(6);
        for (JsonNode r : body.get("reports")) {
            Answer a = finance(r.get("href").asString());
            assertThat(a.header("X-Content-SHA256")).isEqualTo(r.get("sha256").asString());
        }
        long delivery = Long.parseLong(ok.delivery());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT state FROM webhook_deliveries WHERE id = ?", String.class, delivery)).isEqualTo("SENT"));
        assertThat(jdbc.queryForList("SELECT http_status FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt",
                Integer.class, delivery)).containsExactly(503, 200);
    }

    @Test
    void aWebhookThatKeepsFailingIsTriedTheConfiguredNumberOfTimesThenGivenUp() throws Exception {
        String provider = uniqueProvider("hookfail");
        LocalDate date = uniqueDate();
        WEBHOOK.alwaysFailFor(date.toString());
        publishStatement(statement().provider(provider).date(date).event());

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT state FROM webhook_deliveries WHERE payload LIKE ?", String.class, "%" + date + "%"))
                .containsExactly("FAILED"));
        long id = jdbc.queryForObject("SELECT id FROM webhook_deliveries WHERE payload LIKE ?", Long.class,
                "%" + date + "%");
        assertThat(jdbc.queryForList("SELECT http_status FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt",
                Integer.class, id)).containsExactly(500, 500, 500);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> WEBHOOK.received().stream()
                .filter(r -> r.body().contains(date.toString())).count() == 3);
    }

    @Test
    void theDaysTransactionsStreamAsCsvFromIngestsLedgerView() throws Exception {
        String provider = uniqueProvider("export");
        String other = uniqueProvider("export-other");
        LocalDate date = uniqueDate();
        int rows = 5000;
        try (Connection c = infra().superuserConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ingest.transactions (provider_id, provider_tx_id, round_id, player_ref, brand_id,
                        game_id, game_type, type, amount_minor, currency, occurred_at, business_date, free_round,
                        content_hash, recorded_at, source_partition, source_offset, transaction_id, key_player_ref)
                    VALUES (?, ?, ?, 'p-1', ?, 'game-1', 'SLOT', 'BET', ?, 'USD', ?, ?, false, ?, now(), 0, ?,
                            gen_random_uuid(), '')""")) {
                for (int i = 0; i < rows + 1; i++) {
                    ps.setString(1, i == rows ? other : provider);
                    ps.setString(2, String.format("tx-%06d", i));
                    ps.setString(3, "r-" + i);
                    ps.setString(4, i == 0 ? "=HYPERLINK(\"x\")" : "brand, \"quoted\"");
                    ps.setLong(5, 100 + i);
                    ps.setTimestamp(6, Timestamp.from(date.atStartOfDay().toInstant(java.time.ZoneOffset.UTC)));
                    ps.setObject(7, date);
                    ps.setString(8, "0".repeat(64));
                    ps.setLong(9, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        String path = "/v1/reports/transactions";
        HttpRequest request = io.clearhouse.testsupport.ServiceTestSupport.signedRequest(port, "GET",
                path + "?date=" + date + "&provider=" + provider, null, null, "aud-1", "AUDITOR", null)
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).as("streamed, not buffered").isEmpty();
        assertThat(r.headers().firstValue("Transfer-Encoding")).contains("chunked");
        String csv;
        try (InputStream in = r.body()) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<List<String>> parsed = CsvParsing.parse(csv);
        assertThat(parsed).hasSize(rows + 1);
        assertThat(parsed.get(0).get(0)).isEqualTo("transaction_id");
        Map<String, Integer> col = new java.util.HashMap<>();
        for (int i = 0; i < parsed.get(0).size(); i++) {
            col.put(parsed.get(0).get(i), i);
        }
        assertThat(parsed.get(1).get(col.get("provider_tx_id"))).isEqualTo("tx-000000");
        assertThat(parsed.get(1).get(col.get("brand_id"))).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(parsed.get(1).get(col.get("amount"))).isEqualTo("1.00");
        assertThat(parsed.get(2).get(col.get("brand_id"))).isEqualTo("brand, \"quoted\"");
        assertThat(parsed.get(rows).get(col.get("amount"))).isEqualTo("50.99");
        assertThat(parsed.stream().skip(1)).allSatisfy(row -> assertThat(row.get(col.get("provider_id")))
                .isEqualTo(provider));
    }
}
