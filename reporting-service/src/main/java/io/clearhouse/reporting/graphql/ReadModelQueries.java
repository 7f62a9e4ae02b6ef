package io.clearhouse.reporting.graphql;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Keyset pages of the read models: each query orders by a unique key, continues strictly after the
 * cursor's key and reads {@code limit} rows (the caller asks one more than the page to learn whether
 * there is a next page). Never OFFSET: a deep page costs the same as the first. A null provider
 * filter means every provider; {@code providerOnly} adds the PROVIDER visibility rules.
 */
@Repository
class ReadModelQueries {

    static final List<String> PROVIDER_STATEMENT_STATUSES = List.of("APPROVED", "PAID");

    private static final String STATEMENT_COLUMNS = """
            statement_id, provider_id, period_start, period_end, version, status, settlement_currency,
            total_payable_minor, fees_minor, top_up_minor, carry_in_minor, carry_out_minor, aggregator_fee_minor,
            sha256, prepared_by, prepared_at, approved_by, approved_at, updated_at""";

    private final NamedParameterJdbcTemplate jdbc;

    ReadModelQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Statements whose period overlaps from..to, by (period_start, statement_id). */
    List<Nodes.Statement> statements(LocalDate from, LocalDate to, String providerId, boolean providerOnly,
                                     String status, List<String> after, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("from", from).addValue("to", to)
                .addValue("provider", providerId).addValue("status", status).addValue("limit", limit)
                .addValue("visible", PROVIDER_STATEMENT_STATUSES);
        StringBuilder sql = new StringBuilder("SELECT " + STATEMENT_COLUMNS
                + " FROM statements WHERE period_start <= :to AND period_end >= :from");
        if (providerId != null) {
            sql.append(" AND provider_id = :provider");
        }
        if (providerOnly) {
            sql.append(" AND status IN (:visible)");
        }
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (after != null) {
            sql.append(" AND (period_start, statement_id) > (:afterStart, :afterId)");
            p.addValue("afterStart", LocalDate.parse(after.get(0))).addValue("afterId", after.get(1));
        }
        sql.append(" ORDER BY period_start, statement_id LIMIT :limit");
        return jdbc.query(sql.toString(), p, Nodes.Statement::read);
    }

    /** One statement, if the caller may see it (the parent of a line). */
    Optional<Nodes.Statement> statement(String statementId, String providerId, boolean providerOnly) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", statementId)
                .addValue("provider", providerId).addValue("visible", PROVIDER_STATEMENT_STATUSES);
        String sql = "SELECT " + STATEMENT_COLUMNS + " FROM statements WHERE statement_id = :id"
                + (providerId != null ? " AND provider_id = :provider" : "")
                + (providerOnly ? " AND status IN (:visible)" : "");
        return jdbc.query(sql, p, Nodes.Statement::read).stream().findFirst();
    }

    /** A statement's lines by line_index (the parent statement was already filtered for the caller). */
    List<Nodes.StatementLine> lines(String statementId, Integer afterIndex, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", statementId)
                .addValue("after", afterIndex == null ? -1 : afterIndex).addValue("limit", limit);
        return jdbc.query("""
                SELECT * FROM statement_lines WHERE statement_id = :id AND line_index > :after
                ORDER BY line_index LIMIT :limit""", p, Nodes.StatementLine::read);
    }

    /** Daily activity by its primary key (business_date, provider_id, brand_id, currency, game_type). */
    List<Nodes.DailyActivity> dailyActivity(LocalDate from, LocalDate to, String providerId, List<String> after,
                                            int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("from", from).addValue("to", to)
                .addValue("provider", providerId).addValue("limit", limit);
        StringBuilder sql = new StringBuilder(
                "SELECT * FROM daily_activity WHERE business_date BETWEEN :from AND :to");
        if (providerId != null) {
            sql.append(" AND provider_id = :provider");
        }
        if (after != null) {
            sql.append(" AND (business_date, provider_id, brand_id, currency, game_type)"
                    + " > (:d, :p, :b, :c, :g)");
            p.addValue("d", LocalDate.parse(after.get(0))).addValue("p", after.get(1)).addValue("b", after.get(2))
                    .addValue("c", after.get(3)).addValue("g", after.get(4));
        }
        sql.append(" ORDER BY business_date, provider_id, brand_id, currency, game_type LIMIT :limit");
        return jdbc.query(sql.toString(), p, Nodes.DailyActivity::read);
    }

    /** Breaks of business dates from..to by break_id. */
    List<Nodes.Break> breaks(LocalDate from, LocalDate to, String providerId, Long afterId, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("from", from).addValue("to", to)
                .addValue("provider", providerId).addValue("after", afterId).addValue("limit", limit);
        StringBuilder sql = new StringBuilder("SELECT * FROM breaks WHERE business_date BETWEEN :from AND :to");
        if (providerId != null) {
            sql.append(" AND provider_id = :provider");
        }
        if (afterId != null) {
            sql.append(" AND break_id > :after");
        }
        sql.append(" ORDER BY break_id LIMIT :limit");
        return jdbc.query(sql.toString(), p, Nodes.Break::read);
    }

    /**
     * Archived reports of business dates from..to, newest first (id descending). A PROVIDER sees only its
     * own FINAL per-provider reports, never the consolidated one.
     */
    List<Nodes.Report> reports(LocalDate from, LocalDate to, String providerId, boolean providerOnly, String status,
                               Long beforeId, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("from", from).addValue("to", to)
                .addValue("provider", providerId).addValue("status", status).addValue("before", beforeId)
                .addValue("limit", limit);
        StringBuilder sql = new StringBuilder("""
                SELECT id, scope, provider_id, business_date, status, format, sha256, size_bytes, statement_ids,
                       generated_at
                FROM reports WHERE business_date BETWEEN :from AND :to""");
        if (providerId != null) {
            sql.append(" AND provider_id = :provider");
        }
        if (providerOnly) {
            sql.append(" AND scope = 'PROVIDER' AND status = 'FINAL'");
        }
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (beforeId != null) {
            sql.append(" AND id < :before");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbc.query(sql.toString(), p, Nodes.Report::read);
    }

    /**
     * One business date of ingest's read-only {@code ingest.ledger_view} by (business_date,
     * transaction_id), its primary key: the player is only the pseudonymous player_ref.
     */
    List<Nodes.Transaction> transactions(LocalDate date, String providerId, java.util.UUID afterId, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("date", date).addValue("provider", providerId)
                .addValue("after", afterId).addValue("limit", limit);
        StringBuilder sql = new StringBuilder("""
                SELECT transaction_id, provider_id, provider_tx_id, round_id, player_ref, brand_id, game_id,
                       game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id,
                       adjusted_type, free_round, jackpot_contribution_minor, content_hash, recorded_at
                FROM ingest.ledger_view WHERE business_date = :date""");
        if (providerId != null) {
            sql.append(" AND provider_id = :provider");
        }
        if (afterId != null) {
            sql.append(" AND transaction_id > :after");
        }
        sql.append(" ORDER BY business_date, transaction_id LIMIT :limit");
        return jdbc.query(sql.toString(), p, Nodes.Transaction::read);
    }
}
