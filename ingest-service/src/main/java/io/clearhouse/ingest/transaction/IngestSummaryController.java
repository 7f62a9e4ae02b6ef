package io.clearhouse.ingest.transaction;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Totals per provider and currency: what ingest recorded, and what it absorbed or refused. */
@RestController
class IngestSummaryController {

    /** One provider and currency's totals. */
    record SummaryRow(String providerId, String currency, long recorded, long duplicates, long conflicts) {
    }

    private final JdbcTemplate jdbc;

    IngestSummaryController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/v1/ingest/summary")
    List<SummaryRow> summary() {
        return jdbc.query("""
                WITH recorded AS (
                    SELECT provider_id, currency, count(*) AS n FROM transactions GROUP BY provider_id, currency),
                dups AS (
                    SELECT t.provider_id, t.currency, count(*) AS n FROM duplicates d
                    JOIN transactions t USING (provider_id, provider_tx_id) GROUP BY t.provider_id, t.currency),
                confl AS (
                    SELECT t.provider_id, t.currency, count(*) AS n FROM conflicts c
                    JOIN transactions t USING (provider_id, provider_tx_id) GROUP BY t.provider_id, t.currency)
                SELECT r.provider_id, r.currency, r.n, coalesce(d.n, 0), coalesce(c.n, 0)
                FROM recorded r
                LEFT JOIN dups d USING (provider_id, currency)
                LEFT JOIN confl c USING (provider_id, currency)
                ORDER BY r.provider_id, r.currency""",
                (rs, i) -> new SummaryRow(rs.getString(1), rs.getString(2).trim(), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)));
    }
}
