package io.clearhouse.ingest.transaction;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.caller.Role;
import io.clearhouse.support.problem.Problems;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ingest/conflicts} (OPERATOR, AUDITOR): the deliveries that reused a recorded key with
 * other content, oldest first, optionally for one provider and a time window ({@code from} inclusive,
 * {@code to} exclusive, on when ingest judged them). Keyset-paged: {@code size} (1-500, default 50)
 * per page, {@code nextCursor} when more may follow.
 */
@RestController
class ConflictController {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private final JdbcTemplate jdbc;

    ConflictController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Where the previous page ended. */
    private record Cursor(Instant recordedAt, int partition, long offset) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((recordedAt + "|" + partition + "|" + offset)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String s) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            } catch (RuntimeException e) {
                throw new Problems.Invalid("cursor", "is not a cursor this API returned");
            }
        }
    }

    @GetMapping("/v1/ingest/conflicts")
    Map<String, Object> conflicts(@RequestParam(required = false) String providerId,
                                  @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to,
                                  @RequestParam(required = false) Integer size,
                                  @RequestParam(required = false) String cursor,
                                  Caller caller) {
        caller.require(Role.OPERATOR, Role.AUDITOR);
        int limit = size == null ? DEFAULT_SIZE : size;
        if (limit < 1 || limit > MAX_SIZE) {
            throw new Problems.Invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        Instant fromAt = instant("from", from);
        Instant toAt = instant("to", to);
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            throw new Problems.Invalid("to", "must be after from");
        }
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        StringBuilder sql = new StringBuilder("""
                SELECT provider_id, provider_tx_id, key_player_ref, original_hash, content_hash, recorded_at,
                       received_at, request_id, source_partition, source_offset, batch_id
                FROM conflicts WHERE true""");
        List<Object> args = new ArrayList<>();
        if (providerId != null) {
            sql.append(" AND provider_id = ?");
            args.add(providerId);
        }
        if (fromAt != null) {
            sql.append(" AND recorded_at >= ?");
            args.add(Timestamp.from(fromAt));
        }
        if (toAt != null) {
            sql.append(" AND recorded_at < ?");
            args.add(Timestamp.from(toAt));
        }
        if (after != null) {
            sql.append(" AND (recorded_at, source_partition, source_offset) > (?, ?, ?)");
            args.add(Timestamp.from(after.recordedAt()));
            args.add(after.partition());
            args.add(after.offset());
        }
        sql.append(" ORDER BY recorded_at, source_partition, source_offset LIMIT ?");
        args.add(limit);
        List<Map<String, Object>> items = new ArrayList<>();
        Cursor[] last = {null};
        jdbc.query(sql.toString(), rs -> {
            Instant recordedAt = rs.getTimestamp(6).toInstant();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("providerId", rs.getString(1));
            m.put("providerTxId", rs.getString(2));
            if (!rs.getString(3).isEmpty()) {
                m.put("playerKey", rs.getString(3));
            }
            m.put("originalHash", rs.getString(4));
            m.put("conflictingHash", rs.getString(5));
            m.put("recordedAt", OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC).toString());
            if (rs.getTimestamp(7) != null) {
                m.put("receivedAt", OffsetDateTime.ofInstant(rs.getTimestamp(7).toInstant(), ZoneOffset.UTC).toString());
            }
            if (rs.getString(8) != null) {
                m.put("requestId", rs.getString(8));
            }
            m.put("source", rs.getInt(9) + "@" + rs.getLong(10));
            long batch = rs.getLong(11);
            if (!rs.wasNull()) {
                m.put("batchId", batch);
            }
            items.add(m);
            last[0] = new Cursor(recordedAt, rs.getInt(9), rs.getLong(10));
        }, args.toArray());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", items);
        answer.put("size", limit);
        answer.put("nextCursor", items.size() == limit ? last[0].encode() : null);
        return answer;
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new Problems.Invalid(field, "must be an RFC 3339 time with offset, e.g. 2026-11-24T00:00:00Z");
        }
    }
}
