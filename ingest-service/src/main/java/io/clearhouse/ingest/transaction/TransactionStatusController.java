package io.clearhouse.ingest.transaction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fate of one transaction: RECORDED (with how many duplicate deliveries were absorbed),
 * CONFLICT when a delivery with other content was refused, or PENDING while nothing is recorded
 * (a 202 means it is durable in Kafka and will be).
 */
@RestController
class TransactionStatusController {

    private final JdbcTemplate jdbc;

    TransactionStatusController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/v1/transactions/{providerTxId}")
    Map<String, Object> status(@PathVariable String providerTxId, @RequestParam String providerId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT t.provider_id, t.provider_tx_id, t.type, t.amount_minor, t.currency, t.occurred_at,
                       t.business_date, t.recorded_at, t.content_hash,
                       (SELECT count(*) FROM duplicates d
                         WHERE d.provider_id = t.provider_id AND d.provider_tx_id = t.provider_tx_id) AS duplicates,
                       (SELECT count(*) FROM conflicts c
                         WHERE c.provider_id = t.provider_id AND c.provider_tx_id = t.provider_tx_id) AS conflicts
                FROM transactions t WHERE t.provider_id = ? AND t.provider_tx_id = ?""", providerId, providerTxId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("providerId", providerId);
        answer.put("providerTxId", providerTxId);
        if (rows.isEmpty()) {
            answer.put("status", "PENDING");
            return answer;
        }
        Map<String, Object> row = rows.get(0);
        long conflicts = ((Number) row.get("conflicts")).longValue();
        answer.put("status", conflicts > 0 ? "CONFLICT" : "RECORDED");
        answer.put("type", row.get("type"));
        answer.put("amountMinor", row.get("amount_minor"));
        answer.put("currency", row.get("currency"));
        answer.put("occurredAt", String.valueOf(row.get("occurred_at")));
        answer.put("businessDate", String.valueOf(row.get("business_date")));
        answer.put("recordedAt", String.valueOf(row.get("recorded_at")));
        answer.put("contentHash", row.get("content_hash"));
        answer.put("duplicateDeliveries", row.get("duplicates"));
        answer.put("conflictingDeliveries", conflicts);
        return answer;
    }
}
