package io.clearhouse.settlement.contract;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.hash.Hashing;
import io.clearhouse.settlement.domain.ContractTerms;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract versions: appended, never changed. A new version may not take effect on or before the
 * end of a period already closed for the provider (a closed period is never re-priced).
 */
@Component
public class ContractStore {

    /** Whether {@link #add} made a new version or found the same terms already in force from that date. */
    public record Added(ContractVersion contract, boolean created) {
    }

    private final JdbcTemplate jdbc;
    private final AuditAppender audit;
    private final JsonMapper json;
    private final Clock clock;

    private final ApplicationEventPublisher events;

    ContractStore(JdbcTemplate jdbc, AuditAppender audit, JsonMapper json, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public Added add(String providerId, LocalDate effectiveFrom, ContractTerms terms, Caller caller, String reason) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('settlement.contract.' || ?))", providerId);
        String canonical = CanonicalJson.write(terms.toMap());
        String sha = Hashing.sha256Hex(canonical);
        List<ContractVersion> versions = versions(providerId);
        for (ContractVersion v : versions) {
            if (v.effectiveFrom().equals(effectiveFrom) && v.termsSha256().equals(sha)) {
                return new Added(v, false);
            }
        }
        LocalDate lastClosed = jdbc.queryForObject(
                "SELECT max(period_end) FROM closed_periods WHERE provider_id = ?", LocalDate.class, providerId);
        if (lastClosed != null && !effectiveFrom.isAfter(lastClosed)) {
            throw new Problems.Conflict("a new contract version for " + providerId + " must take effect after "
                    + lastClosed + ", the end of its last closed period: closed periods are never re-priced");
        }
        if (versions.stream().anyMatch(v -> v.effectiveFrom().equals(effectiveFrom))) {
            throw new Problems.Conflict("a contract version for " + providerId + " already takes effect on "
                    + effectiveFrom + "; choose a later effectiveFrom");
        }
        int version = versions.stream().mapToInt(ContractVersion::version).max().orElse(0) + 1;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.update("""
                INSERT INTO contracts (provider_id, version, effective_from, terms, terms_sha256, created_by, reason, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", providerId, version, Date.valueOf(effectiveFrom), canonical, sha,
                caller.actor(), reason, Timestamp.from(now));
        ContractVersion created = new ContractVersion(providerId, version, effectiveFrom, terms, sha, caller.actor(),
                reason, now);
        Map<String, Object> before = versions.isEmpty() ? null : versions.get(versions.size() - 1).toJson();
        audit.append(List.of(new AuditRecord(caller.actor(), "CONTRACT_VERSION_ADDED", "contract",
                providerId + ":v" + version, before, created.toJson(), reason, caller.requestId())));
        events.publishEvent(new ContractVersionAdded(providerId, version)); // retries closes it may unblock
        return new Added(created, true);
    }

    /** All versions of a provider's contract, oldest first. */
    public List<ContractVersion> versions(String providerId) {
        return jdbc.query("SELECT * FROM contracts WHERE provider_id = ? ORDER BY version", this::map, providerId);
    }

    /** Every provider's versions, for listing. */
    public List<ContractVersion> all() {
        return jdbc.query("SELECT * FROM contracts ORDER BY provider_id, version", this::map);
    }

    /** The version in force on a date: the one with the latest effectiveFrom on or before it. */
    public Optional<ContractVersion> effectiveOn(String providerId, LocalDate date) {
        return jdbc.query("""
                SELECT * FROM contracts WHERE provider_id = ? AND effective_from <= ?
                 ORDER BY effective_from DESC LIMIT 1""", this::map, providerId, Date.valueOf(date)).stream().findFirst();
    }

    /** Providers with a contract in force on the date. */
    public List<String> providersOn(LocalDate date) {
        return jdbc.queryForList("SELECT DISTINCT provider_id FROM contracts WHERE effective_from <= ? ORDER BY 1",
                String.class, Date.valueOf(date));
    }

    private ContractVersion map(ResultSet rs, int i) throws SQLException {
        Map<String, Object> terms = json.readValue(rs.getString("terms"), new TypeReference<Map<String, Object>>() { });
        return new ContractVersion(rs.getString("provider_id"), rs.getInt("version"),
                rs.getObject("effective_from", LocalDate.class), ContractTerms.fromMap(terms),
                rs.getString("terms_sha256"), rs.getString("created_by"), rs.getString("reason"),
                rs.getTimestamp("created_at").toInstant());
    }
}
