package io.clearhouse.settlement.statement;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.settlement.StatementPublished;
import io.clearhouse.support.outbox.OutboxWriter;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Statement rows. Every state change goes through {@link #transition}, which audits it and writes
 * its {@link StatementPublished} event to the outbox in the caller's transaction.
 */
@Component
public class StatementStore {

    private final JdbcTemplate jdbc;
    private final AuditAppender audit;
    private final OutboxWriter outbox;
    private final Clock clock;

    StatementStore(JdbcTemplate jdbc, AuditAppender audit, OutboxWriter outbox, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public void insert(StatementRecord s, String reason, String requestId) {
        jdbc.update("""
                INSERT INTO statements (statement_id, provider_id, period_start, period_end, version, status,
                    contract_version, settlement_currency, total_payable_minor, carry_out_minor, document, sha256,
                    prepared_by, prepared_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", s.statementId(), s.providerId(),
                Date.valueOf(s.periodStart()), Date.valueOf(s.periodEnd()), s.version(), s.status().name(),
                s.contractVersion(), s.settlementCurrency(), s.totalPayableMinor(), s.carryOutMinor(), s.document(),
                s.sha256(), s.preparedBy(), Timestamp.from(s.preparedAt()));
        record(null, s, s.preparedBy(), "STATEMENT_PREPARED", reason, requestId);
    }

    /** Records a state change already applied to the row: audit entry + event. */
    public void record(StatementRecord before, StatementRecord after, String actor, String action, String reason,
                       String requestId) {
        audit.append(List.of(new AuditRecord(actor, action, "statement", after.statementId(),
                before == null ? null : before.summary(), after.summary(), reason, requestId)));
        outbox.add(Topics.SETTLEMENT_STATEMENTS, after.statementId(), new StatementPublished(
                StatementPublished.SCHEMA_VERSION, "settlement:" + after.statementId() + ":" + after.status(),
                after.statementId(), after.providerId(), after.periodStart(), after.periodEnd(), after.version(),
                after.status().name(), after.settlementCurrency(), after.totalPayableMinor(), after.sha256(), actor,
                reason, now(), after.document(), after.preparedBy(), after.preparedAt(), after.approvedBy(),
                after.approvedAt()));
    }

    public Optional<StatementRecord> find(String statementId, boolean forUpdate) {
        return jdbc.query("SELECT * FROM statements WHERE statement_id = ?" + (forUpdate ? " FOR UPDATE" : ""),
                StatementStore::map, statementId).stream().findFirst();
    }

    /**
     * The statement that covers {@code day} for the provider now: the newest version, not superseded, of
     * the period holding that day, in one of {@code statuses} (null: any).
     */
    public Optional<StatementRecord> covering(String providerId, LocalDate day, List<String> statuses) {
        return jdbc.query("""
                SELECT * FROM statements
                 WHERE provider_id = ? AND period_start <= ? AND period_end >= ? AND status <> 'SUPERSEDED'
                   AND (?::text[] IS NULL OR status = ANY (?::text[]))
                 ORDER BY period_start DESC, version DESC LIMIT 1""", StatementStore::map, providerId,
                Date.valueOf(day), Date.valueOf(day), pgArray(statuses), pgArray(statuses)).stream().findFirst();
    }

    private static String pgArray(List<String> values) {
        return values == null ? null : "{" + String.join(",", values) + "}";
    }

    /** The latest version for a provider's period, locked. */
    public Optional<StatementRecord> latest(String providerId, LocalDate periodStart) {
        return jdbc.query("""
                SELECT * FROM statements WHERE provider_id = ? AND period_start = ?
                 ORDER BY version DESC LIMIT 1 FOR UPDATE""", StatementStore::map, providerId,
                Date.valueOf(periodStart)).stream().findFirst();
    }

    /** The latest version of each earlier period of the provider ending on or after {@code from}, oldest first. */
    public List<StatementRecord> latestBefore(String providerId, LocalDate from, LocalDate before) {
        return jdbc.query("""
                SELECT * FROM (SELECT DISTINCT ON (period_start) * FROM statements
                                WHERE provider_id = ? AND period_end < ? AND period_end >= ?
                                ORDER BY period_start, version DESC) s
                 ORDER BY period_end""", StatementStore::map, providerId, Date.valueOf(before), Date.valueOf(from));
    }

    /** The latest version of each of the provider's periods starting after {@code after}, oldest first, at most {@code limit}. */
    public List<StatementRecord> latestAfter(String providerId, LocalDate after, int limit) {
        return jdbc.query("""
                SELECT * FROM (SELECT DISTINCT ON (period_start) * FROM statements
                                WHERE provider_id = ? AND period_start > ?
                                ORDER BY period_start, version DESC) s
                 ORDER BY period_start LIMIT ?""", StatementStore::map, providerId, Date.valueOf(after), limit);
    }

    /** The latest version of the provider's most recent period ending before {@code before}, if any. */
    public Optional<StatementRecord> previous(String providerId, LocalDate before) {
        return jdbc.query("""
                SELECT * FROM statements WHERE provider_id = ? AND period_end < ?
                 ORDER BY period_end DESC, version DESC LIMIT 1""", StatementStore::map, providerId,
                Date.valueOf(before)).stream().findFirst();
    }

    public void setStatus(StatementRecord s, StatementStatus status, String actor, Instant at, String paymentReference) {
        switch (status) {
            case APPROVED -> jdbc.update("UPDATE statements SET status = ?, approved_by = ?, approved_at = ? WHERE statement_id = ?",
                    status.name(), actor, Timestamp.from(at), s.statementId());
            case PAID -> jdbc.update("""
                    UPDATE statements SET status = ?, paid_by = ?, paid_at = ?, payment_reference = ? WHERE statement_id = ?""",
                    status.name(), actor, Timestamp.from(at), paymentReference, s.statementId());
            default -> jdbc.update("UPDATE statements SET status = ? WHERE statement_id = ?", status.name(), s.statementId());
        }
    }

    public List<StatementRecord> list(String providerId, String status, LocalDate from, LocalDate to, int limit) {
        return jdbc.query("""
                SELECT * FROM statements
                 WHERE (?::text IS NULL OR provider_id = ?) AND (?::text IS NULL OR status = ?)
                   AND (?::date IS NULL OR period_end >= ?) AND (?::date IS NULL OR period_start <= ?)
                 ORDER BY period_end DESC, provider_id, version DESC LIMIT ?""", StatementStore::map,
                providerId, providerId, status, status, sqlDate(from), sqlDate(from), sqlDate(to), sqlDate(to), limit);
    }

    /** One provider's statements in any of {@code statuses}, newest period first. */
    public List<StatementRecord> list(String providerId, List<String> statuses, LocalDate from, LocalDate to, int limit) {
        return jdbc.query("""
                SELECT * FROM statements
                 WHERE provider_id = ? AND status = ANY (?::text[])
                   AND (?::date IS NULL OR period_end >= ?) AND (?::date IS NULL OR period_start <= ?)
                 ORDER BY period_end DESC, version DESC LIMIT ?""", StatementStore::map,
                providerId, pgArray(statuses), sqlDate(from), sqlDate(from), sqlDate(to), sqlDate(to),
                limit);
    }

    private static Date sqlDate(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    static StatementRecord map(ResultSet rs, int i) throws SQLException {
        return new StatementRecord(rs.getString("statement_id"), rs.getString("provider_id"),
                rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class),
                rs.getInt("version"), StatementStatus.valueOf(rs.getString("status")), rs.getInt("contract_version"),
                rs.getString("settlement_currency"), rs.getLong("total_payable_minor"), rs.getLong("carry_out_minor"),
                rs.getString("document"), rs.getString("sha256"), rs.getString("prepared_by"),
                instant(rs, "prepared_at"), rs.getString("approved_by"), instant(rs, "approved_at"),
                rs.getString("paid_by"), instant(rs, "paid_at"), rs.getString("payment_reference"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

}
