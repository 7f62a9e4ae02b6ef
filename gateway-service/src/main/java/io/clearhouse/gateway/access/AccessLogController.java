package io.clearhouse.gateway.access;

import io.clearhouse.gateway.config.JdbcScheduler;
import io.clearhouse.gateway.web.FieldError;
import io.clearhouse.gateway.web.InvalidRequestException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The access log for auditors: {@code GET /v1/audit/access?client=&from=&to=&status=&page=&size=},
 * newest first. {@code status} is a code ({@code 429}) or a class ({@code 4xx}); {@code from} is
 * inclusive, {@code to} exclusive (RFC 3339 instants). Served here, not by ingest: it is the gateway's
 * table (other {@code /v1/audit/**} reads are routed to ingest).
 */
@RestController
class AccessLogController {

    static final int MAX_PAGE_SIZE = 500;
    private static final Pattern STATUS = Pattern.compile("([1-5])(xx|[0-9]{2})");

    private final JdbcTemplate jdbc;
    private final JdbcScheduler blocking;

    AccessLogController(JdbcTemplate jdbc, JdbcScheduler blocking) {
        this.jdbc = jdbc;
        this.blocking = blocking;
    }

    record Page(List<AccessRecord> items, int page, int size, boolean hasMore) {
    }

    @GetMapping("/v1/audit/access")
    Mono<Page> access(@RequestParam(required = false) String client, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String status,
                      @RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "100") String size) {
        List<FieldError> errors = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (client != null && !client.isBlank()) {
            where.append(" AND client_id = ?");
            args.add(client);
        }
        Instant fromAt = instant("from", from, errors);
        if (fromAt != null) {
            where.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(fromAt));
        }
        Instant toAt = instant("to", to, errors);
        if (toAt != null) {
            where.append(" AND occurred_at < ?");
            args.add(Timestamp.from(toAt));
        }
        if (status != null && !status.isBlank()) {
            Matcher m = STATUS.matcher(status);
            if (!m.matches()) {
                errors.add(new FieldError("status", "a status code such as 429 or a class such as 4xx"));
            } else if ("xx".equals(m.group(2))) {
                int base = Integer.parseInt(m.group(1)) * 100;
                where.append(" AND status >= ? AND status < ?");
                args.add(base);
                args.add(base + 100);
            } else {
                where.append(" AND status = ?");
                args.add(Integer.parseInt(status));
            }
        }
        int p = integer("page", page, 0, 1_000_000, errors);
        int s = integer("size", size, 1, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidRequestException("the query is not valid", errors));
        }
        args.add(s + 1);
        args.add((long) p * s);
        return blocking.call(() -> {
            List<AccessRecord> rows = jdbc.query("SELECT occurred_at, client_id, role, provider_id, source_ip, method,"
                    + " path, status, latency_ms, request_id, refusal FROM access_log" + where
                    + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?", (rs, i) -> new AccessRecord(
                    rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getString(10),
                    rs.getString(11)), args.toArray());
            boolean more = rows.size() > s;
            return new Page(more ? rows.subList(0, s) : rows, p, s, more);
        });
    }

    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "an RFC 3339 timestamp with offset, e.g. 2026-11-25T10:00:00Z"));
            return null;
        }
    }

    private static int integer(String field, String value, int min, int max, List<FieldError> errors) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError(field, "an integer between " + min + " and " + max));
        return min;
    }
}
