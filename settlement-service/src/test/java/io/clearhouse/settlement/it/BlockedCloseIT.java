package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.settlement.period.ScheduledCloser;
import io.clearhouse.support.webhook.WebhookSignature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A scheduled close that cannot run is loud (metric, gauge, one audit entry, one signed notification)
 * and runs by itself once the missing input arrives, with nobody re-triggering it.
 */
class BlockedCloseIT extends SettlementITBase {

    private static final Duration WAIT_MAX = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Autowired
    ScheduledCloser scheduledCloser;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCloseBlockedByAMissingRateAlertsOnceAndClosesByItselfWhenTheRateIsLoaded() throws Exception {
        // January 2023, before every other IT's dates: no other provider is due at this poll's time
        String provider = uniqueProvider("blocked");
        LocalDate day = LocalDate.of(2023, 1, 10);
        post("/v1/contracts", Map.of("providerId", provider, "effectiveFrom", "2023-01-01", "reason", "KRW games, USD pay",
                "terms", Map.of("settlementCurrency", "USD", "period", "MONTHLY", "graceMinutes", 0,
                        "games", Map.of("SLOT", Map.of("rate", "0.10")))), "carol", "FINANCE");
        publish(List.of(tx(provider, "k1", TransactionType.BET, GameType.SLOT, 15_000, "KRW", day),
                tx(provider, "k2", TransactionType.WIN, GameType.SLOT, 3_000, "KRW", day)));
        await("counted", () -> transactionsCounted(provider, day) == 2);

        Instant afterCutoff = Instant.parse("2023-02-02T01:00:00Z");
        scheduledCloser.closeDuePeriods(afterCutoff);
        scheduledCloser.closeDuePeriods(afterCutoff); // the next tick: still blocked, counted, not alerted again

        assertThat(statements(provider)).isEmpty();
        // every attempt counts (a retry triggered by another input may add one); the audit and the alert happen once
        assertThat(failures(provider, "MISSING_FX_RATE")).isGreaterThanOrEqualTo(2.0);
        assertThat(blocked(provider)).isEqualTo(1.0);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'CLOSE_BLOCKED' AND entity_id = ?",
                Long.class, provider + ":2023-01-01")).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT attempts FROM close_blocks WHERE provider_id = ? AND reason = 'MISSING_FX_RATE' AND resolved_at IS NULL""",
                Integer.class, provider)).isGreaterThanOrEqualTo(2);
        String prometheus = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(prometheus).contains("clearhouse_settlement_close_blocked{").contains("clearhouse_settlement_close_failures_total{");

        Awaitility.await().atMost(WAIT_MAX).until(() -> !WebhookReceiver.get().mentioning(provider).isEmpty());
        WebhookReceiver.Delivery alert = WebhookReceiver.get().mentioning(provider).get(0);
        JsonNode body = json.readTree(alert.body());
        assertThat(body.get("reason").asString()).isEqualTo("MISSING_FX_RATE");
        assertThat(body.get("periodStart").asString()).isEqualTo("2023-01-01");
        assertThat(body.get("text").asString()).contains("KRW/USD");
        long ts = Long.parseLong(alert.header(WebhookSignature.TIMESTAMP));
        assertThat(alert.header(WebhookSignature.SIGNATURE)).isEqualTo(
                WebhookSignature.sign(WebhookReceiver.SECRET, ts, alert.body()));
        assertThat(alert.header(WebhookSignature.EVENT_ID)).startsWith("close-blocked:" + provider);

        // finance loads the missing rate: nobody closes anything, the period closes by itself
        Answer loaded = post("/v1/fx/rates", Map.of("reason", "January rates", "rates", List.of(
                Map.of("base", "USD", "quote", "KRW", "date", "2023-01-10", "rate", "1250.00", "source", "ECB"),
                Map.of("base", "USD", "quote", "KRW", "date", "2023-01-31", "rate", "1250.00", "source", "ECB"))),
                "carol", "FINANCE");
        assertThat(loaded.status()).isEqualTo(200);

        Awaitility.await().atMost(WAIT_MAX).until(() -> statements(provider).size() == 1);
        JsonNode statement = statements(provider).get(0);
        assertThat(statement.get("status").asString()).isEqualTo("DRAFT");
        assertThat(statement.get("preparedBy").asString()).isEqualTo(ScheduledCloser.ACTOR);
        // GGR 12,000 KRW at 1,250 KRW/USD = 9.60 USD, 10 % = 0.96
        assertThat(statement.get("totalPayable").asString()).isEqualTo("0.96");
        Awaitility.await().atMost(WAIT_MAX).until(() -> blocked(provider) == 0.0);
        Awaitility.await().atMost(WAIT_MAX).until(() -> WebhookReceiver.get().mentioning(provider).stream()
                .anyMatch(d -> d.text().contains("\"resolved\":true")));
        // one alert for the blockage however many ticks saw it (deliveries are in order: the resolution came last)
        assertThat(WebhookReceiver.get().mentioning(provider).stream()
                .filter(d -> !d.text().contains("\"resolved\":true"))).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'CLOSE_UNBLOCKED' AND entity_id = ?",
                Long.class, provider + ":2023-01-01")).isEqualTo(1);

        scheduledCloser.closeDuePeriods(afterCutoff); // and a later tick does not close it again
        assertThat(statements(provider)).hasSize(1);
    }

    @Test
    void aCloseBlockedByAnUnpricedGameTypeClosesWhenAContractVersionPricesIt() throws Exception {
        String provider = uniqueProvider("unpriced");
        LocalDate day = LocalDate.of(2023, 1, 12);
        post("/v1/contracts", Map.of("providerId", provider, "effectiveFrom", "2022-12-01", "reason", "slots only",
                "terms", Map.of("settlementCurrency", "USD", "period", "MONTHLY", "graceMinutes", 0,
                        "games", Map.of("SLOT", Map.of("rate", "0.10")))), "carol", "FINANCE");
        publish(List.of(tx(provider, "c1", TransactionType.BET, GameType.CRASH, 10_000, "USD", day)));
        await("counted", () -> transactionsCounted(provider, day) == 1);

        scheduledCloser.closeDuePeriods(Instant.parse("2023-02-02T01:00:00Z"));
        assertThat(statements(provider)).isEmpty();
        assertThat(failures(provider, "UNPRICED_GAME_TYPE")).isGreaterThanOrEqualTo(1.0);
        assertThat(blocked(provider)).isEqualTo(1.0);

        // a contract version that prices crash games takes effect with the blocked (unclosed) month
        Answer added = post("/v1/contracts", Map.of("providerId", provider, "effectiveFrom", "2023-01-01",
                "reason", "crash games priced", "terms", Map.of("settlementCurrency", "USD", "period", "MONTHLY",
                        "graceMinutes", 0, "games", Map.of("SLOT", Map.of("rate", "0.10"), "CRASH", Map.of("rate", "0.20")))),
                "carol", "FINANCE");
        assertThat(added.status()).isEqualTo(201);
        Awaitility.await().atMost(WAIT_MAX).until(() -> statements(provider).size() == 1);
        assertThat(statements(provider).get(0).get("totalPayable").asString()).isEqualTo("20.00");
        Awaitility.await().atMost(WAIT_MAX).until(() -> blocked(provider) == 0.0);
    }

    private List<JsonNode> statements(String provider) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        get("/v1/statements?providerId=" + provider, "bob", "FINANCE").body().forEach(out::add);
        return out;
    }

    private double failures(String provider, String reason) {
        Counter c = meters.find("clearhouse.settlement.close.failures").tag("provider", provider).tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    private double blocked(String provider) {
        Gauge g = meters.find("clearhouse.settlement.close.blocked").tag("provider", provider).gauge();
        return g == null ? -1 : g.value();
    }
}
