package io.clearhouse.reporting.report;

import io.clearhouse.common.hash.Hashing;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The archive of generated reports: exact bytes and their SHA-256. Archiving the same bytes of the
 * same report again finds the existing row (unique key), so regenerating identical inputs never adds
 * a duplicate and a re-download gives exactly what was delivered.
 */
@Component
public class ReportArchive {

    /** Bound of one listing. */
    public static final int LIST_MAX = 200;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ReportArchive(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An archived report without its bytes. */
    public record Entry(long id, String scope, String providerId, LocalDate businessDate, ReportStatus status,
                        ReportFormat format, String sha256, int sizeBytes, String statementIds, Instant generatedAt) {

        public boolean consolidated() {
            return "CONSOLIDATED".equals(scope);
        }

        public String fileName() {
            return "daily-settlement-" + businessDate + "-" + (consolidated() ? "consolidated"
                    : SpreadsheetText.fileSafe(providerId)) + "-" + status.name().toLowerCase(java.util.Locale.ROOT)
                    + "." + format.extension();
        }
    }

    /** The outcome of archiving: the row and whether this call created it. */
    public record Archived(Entry entry, boolean created) {
    }

    public Archived archive(DailyReport report, ReportFormat format, byte[] bytes) {
        String sha = HexFormat.of().formatHex(Hashing.sha256(bytes));
        String scope = report.consolidated() ? "CONSOLIDATED" : "PROVIDER";
        String provider = report.consolidated() ? "" : report.providerId();
        String statementIds = report.sections().stream().map(s -> s.statement().statementId())
                .collect(Collectors.joining(","));
        List<Long> ids = jdbc.queryForList("""
                INSERT INTO reports (scope, provider_id, business_date, status, format, sha256, size_bytes, content,
                    statement_ids, generated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (scope, provider_id, business_date, format, sha256) DO NOTHING RETURNING id""", Long.class,
                scope, provider, report.date(), report.status().name(), format.name(), sha, bytes.length, bytes,
                statementIds, Timestamp.from(clock.instant()));
        boolean created = !ids.isEmpty();
        Entry entry = jdbc.queryForObject(SELECT + " WHERE scope = ? AND provider_id = ? AND business_date = ? "
                + "AND format = ? AND sha256 = ?", ENTRY, scope, provider, report.date(), format.name(), sha);
        return new Archived(entry, created);
    }

    /**
     * The newest archived report of exactly these statements (same versions) in this format and status:
     * what was delivered for them. A later request serves it rather than a new rendering, whose figures
     * are the same but whose rate table may have grown with other providers' statements of the day.
     */
    public Optional<Entry> delivered(DailyReport report, ReportFormat format) {
        String scope = report.consolidated() ? "CONSOLIDATED" : "PROVIDER";
        String provider = report.consolidated() ? "" : report.providerId();
        String statementIds = report.sections().stream().map(s -> s.statement().statementId())
                .collect(Collectors.joining(","));
        return jdbc.query(SELECT + " WHERE scope = ? AND provider_id = ? AND business_date = ? AND format = ?"
                        + " AND status = ? AND statement_ids = ? ORDER BY id DESC LIMIT 1", ENTRY, scope, provider,
                report.date(), format.name(), report.status().name(), statementIds).stream().findFirst();
    }

    public Optional<Entry> entry(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", ENTRY, id).stream().findFirst();
    }

    public byte[] content(long id) {
        return jdbc.queryForObject("SELECT content FROM reports WHERE id = ?", byte[].class, id);
    }

    /**
     * Newest first, at most {@code limit} ({@link #LIST_MAX}); each filter applies when not null;
     * {@code providerScopeOnly} leaves out consolidated reports.
     */
    public List<Entry> list(LocalDate date, String providerId, ReportStatus status, boolean providerScopeOnly, int limit) {
        return jdbc.query(SELECT + " " + """
                 WHERE (CAST(? AS date) IS NULL OR business_date = ?)
                   AND (CAST(? AS text) IS NULL OR provider_id = ?)
                   AND (CAST(? AS text) IS NULL OR status = ?)
                   AND (NOT ? OR scope = 'PROVIDER')
                 ORDER BY id DESC LIMIT ?""", ENTRY, date, date, providerId, providerId,
                status == null ? null : status.name(), status == null ? null : status.name(), providerScopeOnly,
                Math.min(limit, LIST_MAX));
    }

    private static final String SELECT = "SELECT id, scope, provider_id, business_date, status, format, sha256, "
            + "size_bytes, statement_ids, generated_at FROM reports";

    private static final RowMapper<Entry> ENTRY = (rs, n) -> new Entry(rs.getLong("id"), rs.getString("scope"),
            rs.getString("provider_id"), rs.getObject("business_date", LocalDate.class),
            ReportStatus.valueOf(rs.getString("status")), ReportFormat.valueOf(rs.getString("format")),
            rs.getString("sha256"), rs.getInt("size_bytes"), rs.getString("statement_ids"),
            rs.getTimestamp("generated_at").toInstant());
}
