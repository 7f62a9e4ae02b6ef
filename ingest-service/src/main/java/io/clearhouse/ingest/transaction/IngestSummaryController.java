package io.clearhouse.ingest.transaction;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.util.List;
import io.clearhouse.ingest.audit.HeavyReads;
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

    private final HeavyReads heavyReads;
    private final JdbcTemplate jdbc;

    IngestSummaryController(HeavyReads heavyReads) {
        this.heavyReads = heavyReads;
        this.jdbc = heavyReads.template();
    }

    /**
     * Aggregates the whole ledger in the database (the answer holds one row per provider and
     * currency, whatever the number of transactions): on the {@link HeavyReads} pool, one at a time.
     * Only the transactions are scanned whole: a duplicate's currency is looked up by its key (one index
     * probe each, where a join hashed every key), and the few unrecorded keys are found through their
     * partial index. Still linear in the ledger: an incremental summary is the next step.
     */
    @GetMapping("/v1/ingest/summary")
    List<SummaryRow> summary(@RequestParam(required = false) String providerId, Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR);
        if (providerId != null && (providerId.isBlank() || providerId.length() > PROVIDER_ID_MAX_LENGTH)) {
            throw new Problems.Invalid("providerId", "must be 1 to " + PROVIDER_ID_MAX_LENGTH + " characters");
        }
        return heavyReads.exclusive("the ingest summary", () -> query(providerId));
    }

    /**
     * @param providerId one provider's rows only (its part of the ledger, through the indexes that start
     *                   with the provider), or null for every provider
     */
    private List<SummaryRow> query(String providerId) {
        String only = providerId == null ? "" : " WHERE provider_id = ?";
        String onlyKey = providerId == null ? "" : " WHERE k.provider_id = ?";
        String onlyDuplicate = providerId == null ? "" : " WHERE x.provider_id = ?";
        String andKey = providerId == null ? "" : " AND k.provider_id = ?";
        Object[] args = providerId == null ? new Object[0]
                : new Object[] {providerId, providerId, providerId, providerId};
        return jdbc.query("""
                WITH t AS (
                    SELECT provider_id, currency, count(*) AS n,
                           count(*) FILTER (WHERE type = 'ROLLBACK') AS rollbacks,
                           count(*) FILTER (WHERE type = 'ADJUSTMENT') AS adjustments
                    FROM transactions%s GROUP BY provider_id, currency),
                d AS (
                    SELECT provider_id, currency, count(*) AS n FROM (
                        SELECT x.provider_id, (SELECT k.currency FROM transaction_keys k
                                               WHERE k.provider_id = x.provider_id
                                                 AND k.provider_tx_id = x.provider_tx_id
                                                 AND k.key_player_ref = x.key_player_ref) AS currency
                        FROM duplicates x%s) dk
                    WHERE currency IS NOT NULL GROUP BY provider_id, currency),
                c AS (
                    SELECT k.provider_id, k.currency, count(*) AS n FROM conflicts x
                    JOIN transaction_keys k USING (provider_id, provider_tx_id, key_player_ref)%s
                    GROUP BY k.provider_id, k.currency),
                j AS (
                    SELECT k.provider_id, k.currency,
                           count(*) FILTER (WHERE k.fate = 'PARKED') AS early,
                           count(*) FILTER (WHERE k.fate = 'PARKED' AND o.outcome IS NULL) AS waiting,
                           count(*) FILTER (WHERE k.fate = 'REJECTED' OR o.outcome = 'REJECTED') AS rejected,
                           count(*) FILTER (WHERE o.outcome = 'EXPIRED') AS expired
                    FROM transaction_keys k
                    LEFT JOIN parked_outcomes o USING (provider_id, provider_tx_id, key_player_ref)
                    WHERE k.fate <> 'RECORDED'%s GROUP BY k.provider_id, k.currency),
                pc AS (SELECT provider_id, currency FROM t UNION SELECT provider_id, currency FROM j
                       UNION SELECT provider_id, currency FROM c)
                SELECT pc.provider_id, pc.currency, coalesce(t.n, 0), coalesce(d.n, 0), coalesce(c.n, 0),
                       coalesce(t.rollbacks, 0), coalesce(j.early, 0), coalesce(j.waiting, 0),
                       coalesce(j.rejected, 0), coalesce(j.expired, 0), coalesce(t.adjustments, 0),
                       CASE WHEN EXISTS (SELECT 1 FROM providers p WHERE p.provider_id = pc.provider_id)
                            THEN 'CONFIGURED' ELSE 'DEFAULT' END
                FROM pc
                LEFT JOIN t USING (provider_id, currency)
                LEFT JOIN d USING (provider_id, currency)
                LEFT JOIN c USING (provider_id, currency)
                LEFT JOIN j USING (provider_id, currency)
                ORDER BY pc.provider_id, pc.currency""".formatted(only, onlyDuplicate, onlyKey, andKey),
                (rs, i) -> new SummaryRow(rs.getString(1), rs.getString(2).trim(), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getString(12)), args);
    }
}
