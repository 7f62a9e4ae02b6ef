package io.clearhouse.ingest.transaction;

import io.clearhouse.ingest.provider.ProviderSettingsRepository;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fate of one transaction: PENDING (nothing judged yet: a 202 means it is durable in Kafka and
 * will be; or a rollback waiting for its bet), RECORDED (duplicate deliveries answer the original,
 * with their count), CONFLICT (a delivery with other content was refused; the original stands and is
 * shown), REJECTED (with the reason).
 */
@RestController
class TransactionStatusController {

    private final JdbcTemplate jdbc;
    private final ProviderSettingsRepository providers;

    TransactionStatusController(JdbcTemplate jdbc, ProviderSettingsRepository providers) {
        this.jdbc = jdbc;
        this.providers = providers;
    }

    @GetMapping("/v1/transactions/{providerTxId}")
    Map<String, Object> status(@PathVariable String providerTxId, @RequestParam String providerId,
                               @RequestParam(required = false) String playerRef, Caller caller) {
        // the gateway's routing rule: PROVIDER (its own transactions only), OPERATOR, AUDITOR
        caller.providerScope(providerId, Role.OPERATOR, Role.AUDITOR);
        List<Map<String, Object>> keys = jdbc.queryForList("""
                SELECT k.key_player_ref, k.transaction_id, k.fate, k.reason, k.type, k.business_date,
                       o.outcome, o.reason AS outcome_reason, p.ref_tx_id, p.expires_at
                FROM transaction_keys k
                LEFT JOIN parked_outcomes o USING (provider_id, provider_tx_id, key_player_ref)
                LEFT JOIN parked_rollbacks p USING (provider_id, provider_tx_id, key_player_ref)
                WHERE k.provider_id = ? AND k.provider_tx_id = ? AND (?::text IS NULL OR k.key_player_ref IN ('', ?))
                ORDER BY k.key_player_ref""", providerId, providerTxId, playerRef, playerRef);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("providerId", providerId);
        answer.put("providerTxId", providerTxId);
        answer.put("settings", providers.forProvider(providerId).configured() ? "CONFIGURED" : "DEFAULT");
        if (keys.isEmpty()) {
            answer.put("status", "PENDING");
            return answer;
        }
        if (keys.size() > 1) {
            throw new Problems.Invalid("playerRef", "this provider's ids are unique per player; "
                    + keys.size() + " players used " + providerTxId + ": name the player");
        }
        Map<String, Object> key = keys.get(0);
        String keyPlayer = (String) key.get("key_player_ref");
        answer.put("transactionId", String.valueOf(key.get("transaction_id")));
        answer.put("type", key.get("type"));
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT t.amount_minor, t.currency, t.occurred_at, t.business_date, t.reverses_business_date,
                       t.recorded_at, t.content_hash, t.ref_tx_id, t.adjusted_type
                FROM transactions t WHERE t.business_date = ? AND t.transaction_id = ?""",
                key.get("business_date"), key.get("transaction_id"));
        long duplicates = count("duplicates", providerId, providerTxId, keyPlayer);
        long conflicts = count("conflicts", providerId, providerTxId, keyPlayer);
        if (!rows.isEmpty()) {
            Map<String, Object> row = rows.get(0);
            answer.put("status", conflicts > 0 ? "CONFLICT" : "RECORDED");
            answer.put("amountMinor", row.get("amount_minor"));
            answer.put("currency", String.valueOf(row.get("currency")).trim());
            answer.put("occurredAt", String.valueOf(row.get("occurred_at")));
            answer.put("businessDate", String.valueOf(row.get("business_date")));
            if (row.get("ref_tx_id") != null) {
                answer.put("refTxId", row.get("ref_tx_id"));
            }
            if (row.get("adjusted_type") != null) {
                answer.put("adjustedType", row.get("adjusted_type"));
            }
            if (row.get("reverses_business_date") != null) {
                answer.put("reversesBusinessDate", String.valueOf(row.get("reverses_business_date")));
            }
            answer.put("recordedAt", String.valueOf(row.get("recorded_at")));
            answer.put("contentHash", row.get("content_hash"));
            jdbc.query("SELECT rollback_provider_tx_id FROM reversals WHERE provider_id = ? AND bet_provider_tx_id = ? "
                    + "AND key_player_ref = ?", rs -> {
                        answer.put("rolledBackBy", rs.getString(1));
                    }, providerId, providerTxId, keyPlayer);
        } else if ("REJECTED".equals(key.get("fate"))) {
            answer.put("status", "REJECTED");
            answer.put("reason", key.get("reason"));
        } else if (key.get("outcome") != null) {
            answer.put("status", "REJECTED");
            answer.put("reason", key.get("outcome_reason"));
        } else {
            answer.put("status", "PENDING");
            answer.put("reason", "ROLLBACK waiting for BET " + key.get("ref_tx_id") + " until " + key.get("expires_at"));
        }
        answer.put("duplicateDeliveries", duplicates);
        answer.put("conflictingDeliveries", conflicts);
        return answer;
    }

    private long count(String table, String providerId, String providerTxId, String keyPlayer) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM " + table
                + " WHERE provider_id = ? AND provider_tx_id = ? AND key_player_ref = ?", Long.class,
                providerId, providerTxId, keyPlayer);
        return n == null ? 0 : n;
    }
}
