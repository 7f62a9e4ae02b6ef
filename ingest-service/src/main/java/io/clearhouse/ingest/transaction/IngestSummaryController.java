package io.clearhouse.ingest.transaction;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Totals per provider and currency: what ingest recorded, and what it absorbed, parked or refused.
 * {@code settings} says whether the provider runs on configured settings or on the defaults.
 */
@RestController
class IngestSummaryController {

    /**
     * One provider and currency's totals.
     *
     * @param rollbacks         ROLLBACK rows in the ledger (each reversed exactly one bet)
     * @param rollbacksEarly    rollbacks that arrived before their bet (parked), whatever became of them
     * @param rollbacksWaiting  parked rollbacks still waiting for their bet
     * @param rejected          refused (rollback of a non-bet, of a bet already rolled back, wrong amount)
     * @param rollbacksExpired  parked rollbacks whose bet never came within the wait (exceptions)
     */
    record SummaryRow(String providerId, String currency, long recorded, long duplicates, long conflicts,
                      long rollbacks, long rollbacksEarly, long rollbacksWaiting, long rejected,
                      long rollbacksExpired, long adjustments, String settings) {
    }

    /** As providers are named ({@code ProviderController}). */
    static final int PROVIDER_ID_MAX_LENGTH = 64;

    private final JdbcTemplate jdbc;

    IngestSummaryController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Sums the rows every written batch added to ({@link SummaryCounts}): a few rows per provider and
     * currency, whatever the size of the ledger.
     */
    @GetMapping("/v1/ingest/summary")
    List<SummaryRow> summary(@RequestParam(required = false) String providerId, Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR);
        if (providerId != null && (providerId.isBlank() || providerId.length() > PROVIDER_ID_MAX_LENGTH)) {
            throw new Problems.Invalid("providerId", "must be 1 to " + PROVIDER_ID_MAX_LENGTH + " characters");
        }
        return jdbc.query("""
                SELECT s.provider_id, s.currency, sum(s.recorded), sum(s.duplicates), sum(s.conflicts),
                       sum(s.rollbacks), sum(s.rollbacks_early), sum(s.rollbacks_early - s.rollbacks_resolved),
                       sum(s.rejected), sum(s.rollbacks_expired), sum(s.adjustments),
                       CASE WHEN EXISTS (SELECT 1 FROM providers p WHERE p.provider_id = s.provider_id)
                            THEN 'CONFIGURED' ELSE 'DEFAULT' END
                FROM summary_counts s%s
                GROUP BY s.provider_id, s.currency
                ORDER BY s.provider_id, s.currency""".formatted(providerId == null ? "" : " WHERE s.provider_id = ?"),
                (rs, i) -> new SummaryRow(rs.getString(1), rs.getString(2).trim(), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getString(12)),
                providerId == null ? new Object[0] : new Object[] {providerId});
    }
}
