package io.clearhouse.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.testsupport.ServiceTestSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Anomaly detection on the real flow: a provider's learned history (ten days of hourly figures, as the
 * ledger listener would have written them) and then, on the real ledger topic, an hour with a burst of
 * rollbacks in one game type and no play at all in another. The evaluator raises both with their
 * evidence, counts them in the metrics, sends the signed webhook; an operator acknowledges one (audited).
 */
class AnomaliesIT extends ReportingITBase {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aBurstOfRollbacksAndAVolumeDropOnTheLiveFlowAreRaisedWithEvidenceAndAcknowledged() throws Exception {
        String provider = uniqueProvider("anomaly");
        Instant judged = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        seedHistory(provider, "SLOT", judged, 1);
        seedHistory(provider, "LIVE", judged, 2);

        // the judged hour on the real topic: SLOT plays its usual 80 bets, but 30 of them are rolled back;
        // LIVE sends nothing at all
        // the series are held back (not due) until the hour is in: the test publishes faster than a provider plays
        for (int i = 0; i < 80; i++) {
            Instant at = judged.plusSeconds(30L * i + 5);
            publish(provider, "b" + i, TransactionType.BET, 1_000, at, null);
            if (i % 5 < 3) {
                publish(provider, "w" + i, TransactionType.WIN, 1_500, at.plusSeconds(2), null);
            }
            if (i < 30) {
                publish(provider, "rb" + i, TransactionType.ROLLBACK, 1_000, at.plusSeconds(3), provider + "-b" + i);
            }
        }

        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT coalesce(sum(rollback_count), 0) FROM "
                + "activity_intervals WHERE provider_id = ? AND interval_start = ?", Long.class, provider,
                Timestamp.from(judged)) == 30L);
        jdbc.update("UPDATE anomaly_series SET evaluated_until = ? WHERE provider_id = ?", Timestamp.from(judged), provider);

        JsonNode burst = awaitAnomaly(provider, "SLOT", "ROLLBACKS");
        assertThat(burst.get("intervalStart").asString()).isEqualTo(judged.toString());
        assertThat(burst.get("observed").asString()).isEqualTo("30.0");
        assertThat(Double.parseDouble(burst.get("expected").asString())).isBetween(1.0, 6.0);
        assertThat(Double.parseDouble(burst.get("upper").asString())).isLessThan(30.0);
        assertThat(Double.parseDouble(burst.get("score").asString())).isGreaterThanOrEqualTo(6.0);
        assertThat(burst.get("status").asString()).isEqualTo("OPEN");
        assertThat(burst.get("unit").asString()).isEqualTo("rollbacks");

        JsonNode drop = awaitAnomaly(provider, "LIVE", "VOLUME");
        assertThat(drop.get("intervalStart").asString()).isEqualTo(judged.toString());
        assertThat(drop.get("observed").asString()).isEqualTo("0.0");
        assertThat(Double.parseDouble(drop.get("lower").asString())).isGreaterThan(0.0);
        assertThat(drop.get("baseline").asString()).isEqualTo("HOUR_OF_DAY");

        // metrics, with Prometheus names and bounded labels
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = get("/actuator/prometheus", null, null, null).text();
            assertThat(metrics).containsPattern("clearhouse_anomalies_detected_total\\{[^}]*game_type=\"SLOT\",kind="
                    + "\"ROLLBACKS\",provider=\"" + provider + "\"[^}]*} 1\\.0");
            assertThat(metrics).containsPattern("clearhouse_anomalies_open\\{[^}]*kind=\"VOLUME\",provider=\""
                    + provider + "\"[^}]*} 1\\.0");
        });

        // the signed webhook of the one shared sender
        long burstId = burst.get("id").asLong();
        await().atMost(WAIT).untilAsserted(() -> assertThat(WEBHOOK.received()).anySatisfy(r -> {
            assertThat(r.body()).contains("\"event\":\"anomaly.detected\"").contains("\"id\":" + burstId);
            assertThat(r.signature()).startsWith("sha256=");
        }));

        // acknowledgement: a reason is required, only operators, once, audited with the actor and the reason
        String path = "/v1/anomalies/" + burstId + "/acknowledge";
        Answer noReason = post(path, "{}", "ops-1", "OPERATOR");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text()).contains("reason");
        assertThat(post(path, "{\"reason\":\"x\"}", "aud-1", "AUDITOR").status()).isEqualTo(403);
        Answer acked = post(path, "{\"reason\":\"provider confirmed a server restart\"}", "ops-1", "OPERATOR");
        assertThat(acked.status()).isEqualTo(200);
        JsonNode after = json.readTree(acked.body());
        assertThat(after.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(after.get("acknowledgedBy").asString()).isEqualTo("ops-1");
        assertThat(post(path, "{\"reason\":\"again\"}", "ops-2", "OPERATOR").status()).isEqualTo(409);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'ANOMALY_ACKNOWLEDGED' "
                + "AND entity_id = ? AND actor = 'ops-1' AND reason = 'provider confirmed a server restart'",
                Long.class, Long.toString(burstId))).isEqualTo(1);
        JsonNode open = listJson("/v1/anomalies?providerId=" + provider + "&status=OPEN");
        assertThat(open.get("items")).allSatisfy(a -> assertThat(a.get("kind").asString()).isNotEqualTo("ROLLBACKS"));
    }

    @Test
    void theListIsBoundedAndForOperatorsAndAuditorsOnly() throws Exception {
        assertThat(get("/v1/anomalies?size=201", "ops-1", "OPERATOR", null).text()).contains("size");
        assertThat(get("/v1/anomalies?size=201", "ops-1", "OPERATOR", null).status()).isEqualTo(400);
        assertThat(get("/v1/anomalies?page=1001", "ops-1", "OPERATOR", null).status()).isEqualTo(400);
        assertThat(get("/v1/anomalies?kind=WEATHER", "ops-1", "OPERATOR", null).text()).contains("kind");
        assertThat(get("/v1/anomalies?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z", "ops-1", "OPERATOR", null)
                .status()).isEqualTo(400);
        assertThat(get("/v1/anomalies", "aud-1", "AUDITOR", null).status()).isEqualTo(200);
        assertThat(get("/v1/anomalies", "fin-1", "FINANCE", null).status()).isEqualTo(403);
        assertThat(get("/v1/anomalies", null, null, null).status()).isEqualTo(401);
        assertThat(get("/v1/anomalies/999999999", "ops-1", "OPERATOR", null).status()).isEqualTo(404);
    }

    /** Ten days of hourly figures before {@code judged} (about 80 bets, 3 rollbacks, RTP ~0.9); not due yet. */
    private void seedHistory(String provider, String gameType, Instant judged, long seed) {
        Random random = new Random(seed);
        Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(1)));
        for (int h = 240; h >= 1; h--) {
            Instant start = judged.minus(Duration.ofHours(h));
            long bets = Math.round(80 + Math.sqrt(80) * random.nextGaussian());
            long rollbacks = Math.max(0, Math.round(3 + Math.sqrt(3) * random.nextGaussian()));
            long betMinor = (bets - rollbacks) * 1_000;
            long winMinor = Math.round(betMinor * (0.9 + 0.05 * random.nextGaussian()));
            jdbc.update("""
                    INSERT INTO activity_intervals (provider_id, game_type, currency, interval_start, bet_count, bet_minor,
                        win_minor, rollback_count, updated_at) VALUES (?, ?, 'USD', ?, ?, ?, ?, ?, ?)""",
                    provider, gameType, Timestamp.from(start), bets, betMinor, winMinor, rollbacks, old);
        }
        jdbc.update("INSERT INTO anomaly_series (provider_id, game_type, currency, first_interval, evaluated_until) "
                + "VALUES (?, ?, 'USD', ?, ?)", provider, gameType, Timestamp.from(judged.minus(Duration.ofHours(240))),
                Timestamp.from(judged.plus(Duration.ofDays(365))));
    }

    private void publish(String provider, String id, TransactionType type, long amountMinor, Instant at, String ref)
            throws Exception {
        TransactionRecorded tx = new TransactionRecorded(1, provider + "-" + id, provider, id, "round-" + id, "p-1",
                "brand-a", "g-1", GameType.SLOT, type, amountMinor, "USD", at, at.atZone(java.time.ZoneOffset.UTC)
                .toLocalDate(), ref == null ? null : ref.substring(provider.length() + 1), null, null, false, null, null,
                "hash-" + id, Instant.now());
        publish(Topics.LEDGER_TRANSACTIONS, tx.key(), tx);
    }

    private JsonNode awaitAnomaly(String provider, String gameType, String kind) {
        JsonNode[] found = {null};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode page = listJson("/v1/anomalies?providerId=" + provider + "&gameType=" + gameType + "&kind=" + kind);
            assertThat(page.get("items")).isNotEmpty();
            found[0] = page.get("items").get(0);
        });
        return found[0];
    }

    private JsonNode listJson(String path) throws Exception {
        Answer a = get(path, "ops-1", "OPERATOR", null);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return json.readTree(a.body());
    }

    private Answer post(String path, String body, String actor, String roles) throws Exception {
        HttpRequest request = ServiceTestSupport.signedJson(port, "POST", path,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), actor, roles, null)
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.headers().map(), r.body());
    }
}
