package io.clearhouse.settlement.aggregate;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Compares ingest's ledger ({@code ingest.ledger_view}, the published read contract, readable by
 * settlement's role) with what settlement counted ({@code processed_transactions}) for one business
 * date, and names every difference: a recorded transaction settlement never counted (MISSING), a
 * counted one the ledger does not hold (EXTRA), or one counted with another amount or currency
 * (AMOUNT_DIFFERS). Rows counted before settlement kept the business date and amount of what it
 * counted are matched by id on their origin date (a ROLLBACK's origin is its bet's date, so such old
 * rollbacks may show as MISSING until re-checked; no amount is compared for them).
 */
@Component
public class ConsistencyCheck {

    /** Differences named in one answer; the total is always given. */
    public static final int DIFFERENCES_MAX = 1_000;

    public enum Kind { MISSING, EXTRA, AMOUNT_DIFFERS }

    public record Difference(Kind kind, String transactionId, String providerId, String providerTxId,
                             Long ledgerAmountMinor, String ledgerCurrency, Long countedAmountMinor,
                             String countedCurrency) {
    }

    public record Report(LocalDate businessDate, long ledgerTransactions, long countedTransactions, boolean consistent,
                         long differencesTotal, List<Difference> differences) {
    }

    private final JdbcTemplate jdbc;

    ConsistencyCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Report check(LocalDate businessDate) {
        Date d = Date.valueOf(businessDate);
        String compared = """
                WITH l AS (SELECT transaction_id::text AS id, provider_id, provider_tx_id, amount_minor, currency
                             FROM ingest.ledger_view WHERE business_date = ?),
                     p AS (SELECT transaction_id AS id, provider_id, provider_tx_id, amount_minor, currency
                             FROM processed_transactions
                            WHERE business_date = ? OR (business_date IS NULL AND origin_date = ?)),
                     diff AS (
                        SELECT CASE WHEN p.id IS NULL THEN 'MISSING' WHEN l.id IS NULL THEN 'EXTRA'
                                    ELSE 'AMOUNT_DIFFERS' END AS kind,
                               coalesce(l.id, p.id) AS id, coalesce(l.provider_id, p.provider_id) AS provider_id,
                               coalesce(l.provider_tx_id, p.provider_tx_id) AS provider_tx_id,
                               l.amount_minor AS ledger_amount, l.currency AS ledger_currency,
                               p.amount_minor AS counted_amount, p.currency AS counted_currency
                          FROM l FULL JOIN p ON p.id = l.id
                         WHERE p.id IS NULL OR l.id IS NULL
                            OR (p.amount_minor IS NOT NULL
                                AND (p.amount_minor <> l.amount_minor OR p.currency <> l.currency)))
                """;
        List<Long> counts = jdbc.query(compared + """
                SELECT (SELECT count(*) FROM l), (SELECT count(*) FROM p), (SELECT count(*) FROM diff)""",
                (rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)), d, d, d).get(0);
        List<Difference> differences = jdbc.query(compared + """
                SELECT * FROM diff ORDER BY kind, provider_id, provider_tx_id, id LIMIT ?""",
                (rs, i) -> new Difference(Kind.valueOf(rs.getString("kind")), rs.getString("id"),
                        rs.getString("provider_id"), rs.getString("provider_tx_id"),
                        rs.getObject("ledger_amount", Long.class), trim(rs.getString("ledger_currency")),
                        rs.getObject("counted_amount", Long.class), trim(rs.getString("counted_currency"))),
                d, d, d, DIFFERENCES_MAX);
        return new Report(businessDate, counts.get(0), counts.get(1), counts.get(2) == 0, counts.get(2), differences);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
