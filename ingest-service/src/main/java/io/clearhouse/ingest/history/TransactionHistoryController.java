package io.clearhouse.ingest.history;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything that happened to one provider transaction, in time order: what ingest did (received,
 * recorded / parked / rejected, duplicate and conflicting deliveries, rolled back, adjusted), read
 * from its own tables, and what other services reported on {@code transaction.history.v1}
 * (settlement, reconciliation...), plus the exceptions ingest raised for operators.
 */
@RestController
class TransactionHistoryController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    TransactionHistoryController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Event(Instant at, String service, String action, Map<String, Object> detail) {
    }

    @GetMapping("/v1/transactions/{providerTxId}/history")
    Map<String, Object> history(@PathVariable String providerTxId, @RequestParam String providerId,
                                Caller caller) {
        // the gateway's routing rule: PROVIDER (its own transactions only), OPERATOR, AUDITOR
        caller.providerScope(providerId, Role.OPERATOR, Role.AUDITOR);
        List<Event> events = new ArrayList<>();
        jdbc.query("""
                SELECT key_player_ref, transaction_id, fate, reason, type, business_date, received_at, judged_at,
                       source_partition, source_offset
                FROM transaction_keys WHERE provider_id = ? AND provider_tx_id = ?""", rs -> {
                    Map<String, Object> d = detail("transactionId", rs.getString(2), "type", rs.getString(5),
                            "source", rs.getInt(9) + "@" + rs.getLong(10), "playerKey", emptyToNull(rs.getString(1)));
                    Instant judged = rs.getTimestamp(8).toInstant();
                    events.add(new Event(rs.getTimestamp(7) == null ? judged : rs.getTimestamp(7).toInstant(), "ingest",
                            "RECEIVED", d));
                    events.add(new Event(judged, "ingest", rs.getString(3),
                            detail("businessDate", rs.getString(6), "reason", rs.getString(4))));
                }, providerId, providerTxId);
        jdbc.query("""
                SELECT outcome, reason, resolved_at FROM parked_outcomes WHERE provider_id = ? AND provider_tx_id = ?""",
                rs -> {
                    events.add(new Event(rs.getTimestamp(3).toInstant(), "ingest",
                            "APPLIED".equals(rs.getString(1)) ? "RECORDED" : "ROLLBACK_" + rs.getString(1),
                            detail("reason", rs.getString(2), "note", "APPLIED".equals(rs.getString(1))
                                    ? "parked rollback applied when its bet arrived" : null)));
                }, providerId, providerTxId);
        jdbc.query("""
                SELECT recorded_at, content_hash, source_partition, source_offset FROM duplicates
                WHERE provider_id = ? AND provider_tx_id = ?""", rs -> {
                    events.add(new Event(rs.getTimestamp(1).toInstant(), "ingest", "DUPLICATE",
                            detail("source", rs.getInt(3) + "@" + rs.getLong(4))));
                }, providerId, providerTxId);
        jdbc.query("""
                SELECT recorded_at, content_hash, original_hash, source_partition, source_offset FROM conflicts
                WHERE provider_id = ? AND provider_tx_id = ?""", rs -> {
                    events.add(new Event(rs.getTimestamp(1).toInstant(), "ingest", "CONFLICT",
                            detail("conflictingHash", rs.getString(2), "originalHash", rs.getString(3),
                                    "source", rs.getInt(4) + "@" + rs.getLong(5))));
                }, providerId, providerTxId);
        jdbc.query("""
                SELECT applied_at, rollback_provider_tx_id, rollback_transaction_id FROM reversals
                WHERE provider_id = ? AND bet_provider_tx_id = ?""", rs -> {
                    events.add(new Event(rs.getTimestamp(1).toInstant(), "ingest", "ROLLED_BACK",
                            detail("rollbackProviderTxId", rs.getString(2), "rollbackTransactionId", rs.getString(3))));
                }, providerId, providerTxId);
        jdbc.query("""
                SELECT recorded_at, provider_tx_id, amount_minor, currency, adjusted_type FROM transactions
                WHERE provider_id = ? AND ref_tx_id = ? AND type = 'ADJUSTMENT'""", rs -> {
                    events.add(new Event(rs.getTimestamp(1).toInstant(), "ingest", "ADJUSTED",
                            detail("adjustmentProviderTxId", rs.getString(2), "amountMinor", rs.getLong(3),
                                    "currency", rs.getString(4).trim(), "adjustedType", rs.getString(5))));
                }, providerId, providerTxId);
        jdbc.query("""
                SELECT occurred_at, stored_at, service, action, actor, detail, event_id FROM history_events
                WHERE provider_id = ? AND provider_tx_id = ?""", rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    JsonNode node = JSON.readTree(rs.getString(6));
                    node.properties().forEach(e -> d.put(e.getKey(), e.getValue().asString()));
                    d.put("eventId", rs.getString(7));
                    if (rs.getString(5) != null) {
                        d.put("actor", rs.getString(5));
                    }
                    Instant at = rs.getTimestamp(1) == null ? rs.getTimestamp(2).toInstant() : rs.getTimestamp(1).toInstant();
                    events.add(new Event(at, rs.getString(3), rs.getString(4), d));
                }, providerId, providerTxId);
        events.sort(Comparator.comparing(Event::at));
        List<Map<String, Object>> out = new ArrayList<>(events.size());
        for (Event e : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", OffsetDateTime.ofInstant(e.at(), java.time.ZoneOffset.UTC).toString());
            m.put("service", e.service());
            m.put("action", e.action());
            m.put("detail", e.detail());
            out.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("providerId", providerId);
        answer.put("providerTxId", providerTxId);
        answer.put("events", out);
        return answer;
    }

    private static Map<String, Object> detail(Object... kv) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                d.put((String) kv[i], kv[i + 1]);
            }
        }
        return d;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
