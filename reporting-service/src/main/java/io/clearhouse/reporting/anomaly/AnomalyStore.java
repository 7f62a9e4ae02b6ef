package io.clearhouse.reporting.anomaly;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.support.queue.Page;
import io.clearhouse.support.queue.Where;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The series, their interval figures and the anomalies found, in reporting's schema. */
@Repository
class AnomalyStore {

    /** A series and the next interval to judge. */
    record Series(String providerId, String gameType, String currency, Instant firstInterval, Instant evaluatedUntil) {
    }

    /** An interval's figures and when they last changed. */
    record Row(IntervalFigures figures, Instant updatedAt) {
    }

    /** Filters of the list; null means any. */
    record Filter(String providerId, String gameType, AnomalyKind kind, AnomalyStatus status, Instant from,
                  Instant to) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    AnomalyStore(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    List<Series> dueSeries(Instant judgeableBefore, int max) {
        return jdbc.query("SELECT * FROM anomaly_series WHERE evaluated_until < ? ORDER BY evaluated_until LIMIT ?",
                AnomalyStore::series, Timestamp.from(judgeableBefore), max);
    }

    /** Locks the series for this transaction, or empty when another evaluator holds it. */
    Optional<Series> lock(Series s) {
        return jdbc.query("""
                SELECT * FROM anomaly_series WHERE provider_id = ? AND game_type = ? AND currency = ?
                FOR UPDATE SKIP LOCKED""", AnomalyStore::series, s.providerId(), s.gameType(), s.currency())
                .stream().findFirst();
    }

    void advance(Series s, Instant until) {
        jdbc.update("UPDATE anomaly_series SET evaluated_until = ? WHERE provider_id = ? AND game_type = ? AND currency = ?",
                Timestamp.from(until), s.providerId(), s.gameType(), s.currency());
    }

    /** The series' recorded intervals in [from, to), by start. */
    Map<Instant, Row> rows(Series s, Instant from, Instant to) {
        Map<Instant, Row> rows = new HashMap<>();
        jdbc.query("""
                SELECT interval_start, bet_count, bet_minor, win_minor, rollback_count, updated_at FROM activity_intervals
                WHERE provider_id = ? AND game_type = ? AND currency = ? AND interval_start >= ? AND interval_start < ?""",
                rs -> {
                    Instant start = rs.getTimestamp("interval_start").toInstant();
                    rows.put(start, new Row(new IntervalFigures(start, rs.getLong("bet_count"), rs.getLong("bet_minor"),
                            rs.getLong("win_minor"), rs.getLong("rollback_count")),
                            rs.getTimestamp("updated_at").toInstant()));
                }, s.providerId(), s.gameType(), s.currency(), Timestamp.from(from), Timestamp.from(to));
        return rows;
    }

    /**
     * Records a finding: extends the latest anomaly of the series and kind whose last interval is within
     * {@code mergeFrom} (the same episode, whatever its status), or inserts a new one.
     *
     * @return the new anomaly's id, or empty when an existing one was extended (or this one was already recorded)
     */
    Optional<Long> record(Series s, Finding f, Instant start, Instant end, Instant mergeFrom, Instant now) {
        int extended = jdbc.update("""
                UPDATE anomalies SET last_interval_start = ?, intervals = intervals + 1,
                    max_score = greatest(max_score, ?), version = version + 1
                WHERE id = (SELECT id FROM anomalies WHERE provider_id = ? AND game_type = ? AND currency = ? AND kind = ?
                            AND last_interval_start >= ? AND last_interval_start < ? ORDER BY id DESC LIMIT 1)""",
                Timestamp.from(start), score(f.score()), s.providerId(), s.gameType(), s.currency(), f.kind().name(),
                Timestamp.from(mergeFrom), Timestamp.from(start));
        if (extended > 0) {
            return Optional.empty();
        }
        List<Long> ids = jdbc.query("""
                INSERT INTO anomalies (provider_id, game_type, currency, kind, interval_start, interval_end,
                    last_interval_start, intervals, observed, expected, lower_bound, upper_bound, score, max_score,
                    baseline, samples, status, detected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)
                ON CONFLICT (provider_id, game_type, currency, kind, interval_start) DO NOTHING RETURNING id""",
                (rs, i) -> rs.getLong(1), s.providerId(), s.gameType(), s.currency(), f.kind().name(),
                Timestamp.from(start), Timestamp.from(end), Timestamp.from(start), figure(f.observed()),
                figure(f.expected()), figure(f.lower()), figure(f.upper()), score(f.score()), score(f.score()),
                f.baseline().name(), f.samples(), Timestamp.from(now));
        return ids.stream().findFirst();
    }

    /** Open anomalies per provider, game type and kind (the gauge). */
    Map<List<String>, Long> openCounts() {
        Map<List<String>, Long> out = new HashMap<>();
        jdbc.query("SELECT provider_id, game_type, kind, count(*) AS n FROM anomalies WHERE status = 'OPEN'"
                        + " GROUP BY provider_id, game_type, kind",
                rs -> {
                    out.put(List.of(rs.getString("provider_id"), rs.getString("game_type"), rs.getString("kind")),
                            rs.getLong("n"));
                });
        return out;
    }

    Optional<AnomalyView> find(long id) {
        return jdbc.query("SELECT * FROM anomalies WHERE id = ?", AnomalyStore::view, id).stream().findFirst();
    }

    Optional<AnomalyView> lockAnomaly(long id) {
        return jdbc.query("SELECT * FROM anomalies WHERE id = ? FOR UPDATE", AnomalyStore::view, id).stream()
                .findFirst();
    }

    void acknowledge(long id, String actor, String reason, Instant at) {
        jdbc.update("""
                UPDATE anomalies SET status = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = ?,
                    acknowledge_reason = ?, version = version + 1 WHERE id = ?""",
                actor, Timestamp.from(at), reason, id);
    }

    /** One page, newest first. */
    Page<AnomalyView> list(Filter f, int page, int size) {
        return new Where()
                .and("provider_id = :providerId", "providerId", f.providerId())
                .and("game_type = :gameType", "gameType", f.gameType())
                .and("kind = :kind", "kind", f.kind() == null ? null : f.kind().name())
                .and("status = :status", "status", f.status() == null ? null : f.status().name())
                .and("interval_start >= :from", "from", f.from() == null ? null : Timestamp.from(f.from()))
                .and("interval_start < :to", "to", f.to() == null ? null : Timestamp.from(f.to()))
                .page(named, "anomalies", "interval_start DESC, id DESC", page, size, AnomalyStore::view);
    }

    private static BigDecimal figure(double v) {
        return BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal score(double v) {
        return BigDecimal.valueOf(Math.min(v, 999_999_999.0)).setScale(3, RoundingMode.HALF_EVEN);
    }

    private static Series series(ResultSet rs, int i) throws SQLException {
        return new Series(rs.getString("provider_id"), rs.getString("game_type"), rs.getString("currency"),
                rs.getTimestamp("first_interval").toInstant(), rs.getTimestamp("evaluated_until").toInstant());
    }

    static AnomalyView view(ResultSet rs, int i) throws SQLException {
        AnomalyKind kind = AnomalyKind.valueOf(rs.getString("kind"));
        String currency = rs.getString("currency");
        Timestamp ackAt = rs.getTimestamp("acknowledged_at");
        return new AnomalyView(rs.getLong("id"), rs.getString("provider_id"), rs.getString("game_type"), currency, kind,
                rs.getTimestamp("interval_start").toInstant(), rs.getTimestamp("interval_end").toInstant(),
                rs.getTimestamp("last_interval_start").toInstant(), rs.getInt("intervals"),
                shown(kind, currency, rs.getBigDecimal("observed")), shown(kind, currency, rs.getBigDecimal("expected")),
                shown(kind, currency, rs.getBigDecimal("lower_bound")), shown(kind, currency, rs.getBigDecimal("upper_bound")),
                unit(kind, currency), rs.getBigDecimal("score").toPlainString(), rs.getBigDecimal("max_score").toPlainString(),
                rs.getString("baseline"), rs.getInt("samples"), AnomalyStatus.valueOf(rs.getString("status")),
                rs.getTimestamp("detected_at").toInstant(), rs.getString("acknowledged_by"),
                ackAt == null ? null : ackAt.toInstant(), rs.getString("acknowledge_reason"), rs.getLong("version"));
    }

    /** GGR in the currency's major units (rounded to its minor unit), RTP to 4 places, counts to 1 place. */
    static String shown(AnomalyKind kind, String currency, BigDecimal v) {
        return switch (kind) {
            case GGR -> v.setScale(0, RoundingMode.HALF_EVEN).movePointLeft(Currencies.exponentOf(currency)).toPlainString();
            case RTP -> v.setScale(4, RoundingMode.HALF_EVEN).toPlainString();
            case VOLUME, ROLLBACKS -> v.setScale(1, RoundingMode.HALF_EVEN).toPlainString();
        };
    }

    static String unit(AnomalyKind kind, String currency) {
        return switch (kind) {
            case GGR -> currency;
            case RTP -> "ratio";
            case VOLUME -> "bets";
            case ROLLBACKS -> "rollbacks";
        };
    }

    static List<Instant> starts(Instant from, Instant to, long intervalMs) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plusMillis(intervalMs)) {
            out.add(t);
        }
        return out;
    }
}
