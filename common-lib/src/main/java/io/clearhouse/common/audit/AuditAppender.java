package io.clearhouse.common.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends to the current schema's {@code audit_log}, extending its hash chain. Must run inside the
 * caller's database transaction: the chain head is read under a transaction-scoped advisory lock,
 * so concurrent writers (several consumer threads or instances) serialise on the append only, and
 * the entries commit or roll back together with the effect they describe.
 */
public final class AuditAppender {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditAppender(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<AuditEntry> append(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))");
        List<AuditEntry> head = jdbc.query(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                (rs, i) -> new AuditEntry(rs.getLong(1), null, null, null, null, null, null, null, null, null, null,
                        rs.getString(2)));
        long seq = head.isEmpty() ? 0 : head.get(0).seq();
        String prevHash = head.isEmpty() ? AuditEntry.GENESIS : head.get(0).hash();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        List<AuditEntry> entries = new ArrayList<>(records.size());
        for (AuditRecord r : records) {
            seq++;
            String before = AuditEntry.canonicalState(r.before());
            String after = AuditEntry.canonicalState(r.after());
            String hash = AuditEntry.computeHash(seq, now, r.actor(), r.action(), r.entityType(), r.entityId(), before,
                    after, r.reason(), r.requestId(), prevHash);
            entries.add(new AuditEntry(seq, now, r.actor(), r.action(), r.entityType(), r.entityId(), before, after,
                    r.reason(), r.requestId(), prevHash, hash));
            prevHash = hash;
        }
        jdbc.batchUpdate("""
                INSERT INTO audit_log (seq, occurred_at, actor, action, entity_type, entity_id, before_state,
                                       after_state, reason, request_id, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries, entries.size(), (ps, e) -> {
            ps.setLong(1, e.seq());
            ps.setTimestamp(2, Timestamp.from(e.occurredAt()));
            ps.setString(3, e.actor());
            ps.setString(4, e.action());
            ps.setString(5, e.entityType());
            ps.setString(6, e.entityId());
            ps.setString(7, e.beforeState());
            ps.setString(8, e.afterState());
            ps.setString(9, e.reason());
            ps.setString(10, e.requestId());
            ps.setString(11, e.prevHash());
            ps.setString(12, e.hash());
        });
        return entries;
    }
}
