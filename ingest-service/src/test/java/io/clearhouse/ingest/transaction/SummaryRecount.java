package io.clearhouse.ingest.transaction;

import static io.clearhouse.ingest.IngestStack.sql;

import io.clearhouse.ingest.Http;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The ingest summary two ways, one line per currency: as the service answers it (from the counts every
 * batch keeps) and recounted from the ledger's own tables, the way the summary was computed before it was
 * kept incrementally. Tests compare the two.
 */
final class SummaryRecount {

    private static final String[] FIELDS = {"recorded", "duplicates", "conflicts", "rollbacks", "rollbacksEarly",
        "rollbacksWaiting", "rejected", "rollbacksExpired", "adjustments"};

    private SummaryRecount() {
    }

    /** {@code GET /v1/ingest/summary?providerId=} as an OPERATOR. */
    static List<String> answered(int port, String providerId) throws Exception {
        Http.Answer answer = Http.getAs(port, "/v1/ingest/summary?providerId=" + providerId, "OPERATOR");
        if (answer.status() != 200) {
            throw new AssertionError("summary answered " + answer.status() + ": " + answer.body());
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode row : answer.body()) {
            StringBuilder line = new StringBuilder(row.get("currency").asString());
            for (String f : FIELDS) {
                line.append(' ').append(f).append('=').append(row.get(f).asLong());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The same figures aggregated from transactions, keys, deliveries and parked outcomes. */
    static List<String> recounted(String providerId) {
        return sql("""
                WITH t AS (
                    SELECT currency, count(*) AS n, count(*) FILTER (WHERE type = 'ROLLBACK') AS rollbacks,
                           count(*) FILTER (WHERE type = 'ADJUSTMENT') AS adjustments
                    FROM ingest.transactions WHERE provider_id = ? GROUP BY currency),
                d AS (
                    SELECT k.currency, count(*) AS n FROM ingest.duplicates x
                    JOIN ingest.transaction_keys k USING (provider_id, provider_tx_id, key_player_ref)
                    WHERE x.provider_id = ? GROUP BY k.currency),
                c AS (
                    SELECT k.currency, count(*) AS n FROM ingest.conflicts x
                    JOIN ingest.transaction_keys k USING (provider_id, provider_tx_id, key_player_ref)
                    WHERE x.provider_id = ? GROUP BY k.currency),
                j AS (
                    SELECT k.currency, count(*) FILTER (WHERE k.fate = 'PARKED') AS early,
                           count(*) FILTER (WHERE k.fate = 'PARKED' AND o.outcome IS NULL) AS waiting,
                           count(*) FILTER (WHERE k.fate = 'REJECTED' OR o.outcome = 'REJECTED') AS rejected,
                           count(*) FILTER (WHERE o.outcome = 'EXPIRED') AS expired
                    FROM ingest.transaction_keys k
                    LEFT JOIN ingest.parked_outcomes o USING (provider_id, provider_tx_id, key_player_ref)
                    WHERE k.provider_id = ? AND k.fate <> 'RECORDED' GROUP BY k.currency),
                cur AS (SELECT currency FROM t UNION SELECT currency FROM d UNION SELECT currency FROM c
                        UNION SELECT currency FROM j)
                SELECT trim(cur.currency) || ' recorded=' || coalesce(t.n, 0) || ' duplicates=' || coalesce(d.n, 0)
                       || ' conflicts=' || coalesce(c.n, 0) || ' rollbacks=' || coalesce(t.rollbacks, 0)
                       || ' rollbacksEarly=' || coalesce(j.early, 0) || ' rollbacksWaiting=' || coalesce(j.waiting, 0)
                       || ' rejected=' || coalesce(j.rejected, 0) || ' rollbacksExpired=' || coalesce(j.expired, 0)
                       || ' adjustments=' || coalesce(t.adjustments, 0)
                FROM cur LEFT JOIN t USING (currency) LEFT JOIN d USING (currency) LEFT JOIN c USING (currency)
                LEFT JOIN j USING (currency)
                ORDER BY cur.currency""", providerId, providerId, providerId, providerId);
    }
}
