package io.clearhouse.settlement.statement;

import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/settlements/transactions/{transactionId}}: settlement's part of one transaction's
 * history — when it was counted, on which business date (the reversed bet's for a rollback), on which
 * posting date (later for a late transaction: an adjustment), and the statement that covers that posting
 * date now (its newest version that is not superseded), if the period has been closed. Staff read any
 * transaction; a PROVIDER reads only its own, and sees only APPROVED or PAID statements (another
 * provider's transaction answers 404 exactly like one settlement never counted).
 */
@RestController
class CountedTransactionController {

    private final JdbcTemplate jdbc;
    private final StatementStore statements;

    CountedTransactionController(JdbcTemplate jdbc, StatementStore statements) {
        this.jdbc = jdbc;
        this.statements = statements;
    }

    @GetMapping("/v1/settlements/transactions/{transactionId}")
    Map<String, Object> counted(@PathVariable String transactionId, Caller caller) {
        String ownProvider = ProviderScope.of(caller);
        String id = ledgerId(transactionId);
        List<Map<String, Object>> rows = jdbc.query("""
                SELECT transaction_id, provider_id, provider_tx_id, ref_tx_id, type, adjusted_type, origin_date,
                       posting_date, business_date, amount_minor, currency, processed_at
                  FROM processed_transactions WHERE transaction_id = ?""", (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("transactionId", rs.getString("transaction_id"));
                    m.put("providerId", rs.getString("provider_id"));
                    m.put("providerTxId", rs.getString("provider_tx_id"));
                    m.put("refTxId", rs.getString("ref_tx_id"));
                    m.put("type", rs.getString("type"));
                    m.put("adjustedType", rs.getString("adjusted_type"));
                    m.put("originDate", rs.getObject("origin_date", LocalDate.class).toString());
                    m.put("postingDate", rs.getObject("posting_date", LocalDate.class).toString());
                    m.put("late", !rs.getObject("origin_date").equals(rs.getObject("posting_date")));
                    m.put("amountMinor", rs.getObject("amount_minor"));
                    m.put("currency", rs.getString("currency"));
                    m.put("countedAt", rs.getTimestamp("processed_at").toInstant().toString());
                    return m;
                }, id);
        if (rows.isEmpty() || (ownProvider != null && !ownProvider.equals(rows.get(0).get("providerId")))) {
            throw new Problems.NotFound("settlement has not counted a transaction " + id
                    + " (not yet consumed, or no such transaction)");
        }
        Map<String, Object> counted = rows.get(0);
        LocalDate posting = LocalDate.parse((String) counted.get("postingDate"));
        List<String> visible = ownProvider == null ? null
                : ProviderScope.VISIBLE.stream().map(StatementStatus::name).toList();
        counted.put("statement", statements.covering((String) counted.get("providerId"), posting, visible)
                .map(StatementRecord::summary).orElse(null));
        return counted;
    }

    /** The path's transaction id (the ledger's id, a UUID from ingest), bounded like every id. */
    private static String ledgerId(String value) {
        if (value.length() > TransactionRules.ID_MAX_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new Problems.Invalid("transactionId", "must be a ledger transaction id (1 to "
                    + TransactionRules.ID_MAX_LENGTH + " printable ASCII characters)");
        }
        return value;
    }
}
