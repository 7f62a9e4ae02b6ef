package io.clearhouse.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.reconciliation.ReconciliationITBase;
import io.clearhouse.reconciliation.SqlRows;
import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Pins {@code StatementMatcher.CLASSIFY}, which folds its classified rows as they come (one row per
 * class and currency for the MATCHED ones, every other row kept as itself), to the statement it
 * replaced ({@link ClassifyBefore}, which materialized them and read them twice): on the same seeded
 * statement and ledger, with every class, duplicate lines, ids recorded twice, chains of adjustments,
 * an adjustment to zero, a tolerance, the margin's days and another statement's straddles, both write
 * the same exceptions, outbox rows and class totals, and again on a re-run that re-opens some cleared
 * exceptions. Each runs in a transaction rolled back to the same savepoint, with the run's settings.
 */
class ClassifyFoldIT extends ReconciliationITBase {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 8);

    @ParameterizedTest
    @ValueSource(longs = {20261203L, 7L, 424242L})
    void theFoldedStatementWritesWhatTheMaterializedOneWrote(long seed) throws Exception {
        Random rnd = new Random(seed);
        String provider = "fold-" + UUID.randomUUID().toString().substring(0, 8);
        long statementId = 900_000_000L + rnd.nextInt(1_000_000);
        List<LocalDate> days = rnd.nextBoolean() ? List.of(DAY) : List.of(DAY, DAY.plusDays(1));
        long tolerance = rnd.nextBoolean() ? 0 : 5;

        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET search_path = reconciliation");
            }
            seed(c, rnd, provider, statementId, days);
            NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(new SingleConnectionDataSource(c, true));
            long outboxBefore = one(c, "SELECT coalesce(max(id), 0) FROM outbox");

            Savepoint clean = c.setSavepoint();
            List<List<String>> before = runTwice(c, named, ClassifyBefore.SQL, provider, statementId, days, tolerance,
                    outboxBefore);
            c.rollback(clean);
            List<List<String>> after = runTwice(c, named, StatementMatcher.CLASSIFY, provider, statementId, days,
                    tolerance, outboxBefore);
            c.rollback();

            assertThat(after).isEqualTo(before);
            // the data is worth comparing: every class is there, and the re-run re-opened exceptions
            assertThat(before.get(1)).anySatisfy(t -> assertThat(t).startsWith("MATCHED|"));
            for (String cls : List.of("DUPLICATE", "MISSING_INTERNAL", "MISSING_PROVIDER", "CURRENCY_MISMATCH",
                    "TYPE_MISMATCH", "AMOUNT_MISMATCH", "TIMING")) {
                assertThat(before.get(0)).as(cls).anySatisfy(e -> assertThat(e).contains("|" + cls + "|"));
            }
            assertThat(before.get(7).get(0).split("\\|")[1]).as("re-opened by run 2").isNotEqualTo("0");
        }
    }

    /**
     * Runs the statement as run 1, clears a third of its exceptions, runs it as run 2: each time the
     * statement's exceptions, the run's class totals, the new outbox rows and the counts it returned.
     */
    private static List<List<String>> runTwice(Connection c, NamedParameterJdbcTemplate named, String sql,
                                               String provider, long statementId, List<LocalDate> days,
                                               long tolerance, long outboxBefore) throws Exception {
        List<List<String>> seen = new ArrayList<>();
        for (long run : new long[] {statementId, statementId + 1}) {
            if (run != statementId) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE exceptions SET status = 'CLEARED' WHERE statement_id = ? AND line_no % 3 = 0")) {
                    ps.setLong(1, statementId);
                    ps.executeUpdate();
                }
            }
            MapSqlParameterSource p = new MapSqlParameterSource()
                    .addValue("statementId", statementId)
                    .addValue("runId", run)
                    .addValue("providerId", provider)
                    .addValue("from", days.get(0))
                    .addValue("to", days.get(days.size() - 1))
                    .addValue("days", days.stream().map(LocalDate::toString)
                            .collect(Collectors.joining(",", "{", "}")))
                    .addValue("margin", 1)
                    .addValue("tolerance", tolerance)
                    .addValue("breaksTopic", Topics.RECON_BREAKS)
                    .addValue("historyTopic", Topics.TRANSACTION_HISTORY);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL work_mem = '128MB'");
                st.execute("SET LOCAL enable_sort = off");
            }
            Map<String, Object> counts = named.queryForMap(sql, p);
            try (Statement st = c.createStatement()) {
                st.execute("RESET enable_sort");
            }
            seen.add(SqlRows.of(c, """
                    SELECT first_run_id - statement_id, last_run_id - statement_id, provider_id, provider_tx_id, class,
                           line_no, business_date, currency, amount_minor, statement_type, statement_amount_minor,
                           statement_currency, statement_business_date, internal_type, internal_amount_minor,
                           internal_currency, internal_business_date, internal_round_id, internal_player_ref,
                           internal_brand_id, internal_game_id, internal_game_type, status,
                           reopened_run_id - statement_id, version, opened_at = now(), updated_at = now()
                    FROM exceptions WHERE statement_id = ? ORDER BY provider_tx_id, class, line_no""", statementId));
            seen.add(SqlRows.of(c, """
                    SELECT class, currency, line_count, statement_amount_minor, internal_amount_minor
                    FROM run_class_totals WHERE run_id = ? ORDER BY class, currency""", run));
            // an exception's id (a sequence's, not rolled back) named by what identifies it
            seen.add(SqlRows.of(c, """
                    SELECT o.topic, CASE WHEN o.msg_key = e.id::text THEN k.nk ELSE o.msg_key END,
                           replace(replace(replace(o.payload, 'recon:break:' || e.id || ':', 'recon:break:' || k.nk || ':'),
                                   '"breakId" : ' || e.id, '"breakId" : "' || k.nk || '"'),
                                   '"breakId" : "' || e.id || '"', '"breakId" : "' || k.nk || '"')
                    FROM outbox o
                    JOIN exceptions e ON e.id = CAST(coalesce(CAST(o.payload AS json) ->> 'breakId',
                                                             CAST(o.payload AS json) -> 'detail' ->> 'breakId') AS bigint)
                    CROSS JOIN LATERAL (SELECT e.provider_tx_id || '/' || e.class || '/' || e.line_no AS nk) k
                    WHERE o.id > ? ORDER BY 1, 2, 3""", outboxBefore));
            seen.add(List.of(counts.get("new_breaks") + "|" + counts.get("reopened") + "|" + counts.get("breaks")
                    + "|" + counts.get("events") + "|" + counts.get("totals"),
                    Long.toString(one(c, "SELECT count(*) FROM outbox WHERE id > " + outboxBefore))));
        }
        return seen;   // [0] exceptions, [1] totals, [2] outbox rows, [3] counts after run 1; [4]..[7] after run 2
    }

    /**
     * The statement (its lines shuffled) and the provider's ledger around it, and another statement
     * of the provider on the day after with lines for ids this one lacks.
     */
    private static void seed(Connection c, Random rnd, String provider, long statementId, List<LocalDate> days)
            throws Exception {
        List<Object[]> ledger = new ArrayList<>();   // id, type, amount, currency, date, ref
        List<Object[]> lines = new ArrayList<>();    // id, type, amount, currency, date
        List<Object[]> otherLines = new ArrayList<>();
        String[] currencies = {"EUR", "USD"};
        for (int k = 0; k < 1_500; k++) {
            String id = "tx-" + k;
            String type = rnd.nextInt(3) == 0 ? "WIN" : "BET";
            long amount = 1 + rnd.nextInt(10_000);
            String currency = currencies[rnd.nextInt(2)];
            int where = rnd.nextInt(100);
            LocalDate date = where < 4 ? DAY.minusDays(1) : where < 6 ? DAY.plusDays(2)
                    : where < 20 ? DAY.plusDays(1) : DAY;
            ledger.add(new Object[] {id, type, amount, currency, date, null});
            boolean twice = rnd.nextInt(100) < 3;
            if (twice) {   // recorded twice (ids unique per player): the line meets both rows, whose classes differ
                ledger.add(new Object[] {id, type, amount + 1 + rnd.nextInt(50), currency, date, null});
            }
            int roll = rnd.nextInt(100);
            if (!twice && roll < 5) {
                long adjusted = rnd.nextInt(4) == 0 ? -amount : rnd.nextInt(200) - 100;   // to zero: accepted
                ledger.add(new Object[] {"adj-" + k, "ADJUSTMENT", adjusted, currency, date, id});
                if (rnd.nextBoolean()) {
                    ledger.add(new Object[] {"adj2-" + k, "ADJUSTMENT", (long) rnd.nextInt(50), currency, date,
                            "adj-" + k});
                }
            }
            if (!twice && roll >= 5 && roll < 15) {
                if (date.equals(DAY) && rnd.nextBoolean()) {   // reported on the day after in the other statement
                    otherLines.add(new Object[] {id, type, amount, currency, DAY.plusDays(1)});
                }
                continue;                                      // no line: MISSING_PROVIDER on the statement's days
            }
            long lineAmount = amount;
            String lineType = type;
            String lineCurrency = currency;
            LocalDate lineDate = date;
            int change = twice ? 100 : rnd.nextInt(100);
            if (change < 4) {
                lineAmount += rnd.nextInt(11) - 5;             // within or beyond a tolerance of 5
            } else if (change < 6) {
                lineAmount += 100 + rnd.nextInt(1000);
            } else if (change < 8) {
                lineCurrency = "GBP";
            } else if (change < 10) {
                lineType = "BET".equals(type) ? "WIN" : "BET";
            } else if (change < 13) {
                lineDate = date.plusDays(rnd.nextBoolean() ? 1 : -1);
            }
            lines.add(new Object[] {id, lineType, lineAmount, lineCurrency, lineDate});
            if (!twice && rnd.nextInt(100) < 3) {              // DUPLICATE lines, the same or not
                for (int d = rnd.nextInt(2); d >= 0; d--) {
                    lines.add(new Object[] {id, lineType, lineAmount + rnd.nextInt(2), lineCurrency, lineDate});
                }
            }
            if (rnd.nextInt(100) < 3) {                        // MISSING_INTERNAL
                lines.add(new Object[] {"ext-" + k, type, amount, currency, days.get(0)});
            }
        }
        Collections.shuffle(lines, rnd);

        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ingest.transactions (transaction_id, provider_id, provider_tx_id, key_player_ref, round_id,
                    player_ref, brand_id, game_id, game_type, type, amount_minor, currency, occurred_at, business_date,
                    ref_tx_id, free_round, content_hash, recorded_at, source_partition, source_offset)
                VALUES (?, ?, ?, ?, ?, 'p-1', 'brand-1', 'game-1', 'SLOT', ?, ?, ?, ?, ?, ?, false, ?, now(), 0, ?)""")) {
            long offset = 0;
            for (Object[] t : ledger) {
                ps.setObject(1, new UUID(rnd.nextLong(), rnd.nextLong()));
                ps.setString(2, provider);
                ps.setString(3, (String) t[0]);
                ps.setString(4, "k-" + offset);
                ps.setString(5, "round-" + t[0]);
                ps.setString(6, (String) t[1]);
                ps.setLong(7, (Long) t[2]);
                ps.setString(8, (String) t[3]);
                ps.setTimestamp(9, Timestamp.from(((LocalDate) t[4]).atStartOfDay(ZoneOffset.UTC).toInstant()));
                ps.setObject(10, t[4]);
                ps.setString(11, (String) t[5]);
                ps.setString(12, "0".repeat(64));
                ps.setLong(13, offset++);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        statement(c, statementId, provider, days.get(0), days.get(days.size() - 1), lines);
        statement(c, statementId + 2, provider, DAY.plusDays(1), DAY.plusDays(1), otherLines);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO runs (id, statement_id, provider_id, status, requested_by, requested_at)
                VALUES (?, ?, ?, 'RUNNING', 'test', now())""")) {
            for (long run : new long[] {statementId, statementId + 1}) {
                ps.setLong(1, run);
                ps.setLong(2, statementId);
                ps.setString(3, provider);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void statement(Connection c, long id, String provider, LocalDate from, LocalDate to,
                                  List<Object[]> lines) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO statements (id, provider_id, sha256, format, line_count, loaded_count, error_count,
                    period_from, period_to, size_bytes, uploaded_by, uploaded_at)
                VALUES (?, ?, ?, 'CSV', ?, ?, 0, ?, ?, 0, 'test', now())""")) {
            ps.setLong(1, id);
            ps.setString(2, provider);
            ps.setString(3, String.format("%064d", id));
            ps.setLong(4, lines.size());
            ps.setLong(5, lines.size());
            ps.setObject(6, from);
            ps.setObject(7, to);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO statement_lines (statement_id, line_no, provider_tx_id, type, amount_minor, currency,
                    occurred_at, business_date)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            long lineNo = 2;
            for (Object[] l : lines) {
                ps.setLong(1, id);
                ps.setLong(2, lineNo++);
                ps.setString(3, (String) l[0]);
                ps.setString(4, (String) l[1]);
                ps.setLong(5, (Long) l[2]);
                ps.setString(6, (String) l[3]);
                ps.setTimestamp(7, Timestamp.from(Instant.EPOCH));
                ps.setObject(8, l[4]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long one(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
