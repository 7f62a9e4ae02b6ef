package io.clearhouse.reconciliation.matching;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.reconciliation.statement.ProviderSettingsRepository;
import io.clearhouse.reconciliation.statement.StatementRepository;
import io.clearhouse.reconciliation.statement.StatementView;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Matches one statement against what ingest recorded, set-based in PostgreSQL: the statement's
 * lines FULL JOIN ingest's published {@code ingest.ledger_view} (that provider, the statement's
 * business dates widened by a margin so a transaction that straddles a cut-off still meets its
 * line) on the provider transaction id, classified in one CASE, written in the same statement as
 * exceptions (one per break, re-found rather than duplicated on a re-run), outbox events for new
 * breaks and per-class totals. Exceptions of the statement that a re-run no longer finds are
 * CLEARED. Day/currency totals of both sides are stored beside. One database transaction.
 */
@Service
public class StatementMatcher {

    private static final Logger log = LoggerFactory.getLogger(StatementMatcher.class);
    private static final String SERVICE = "reconciliation";

    /** Longest chain of adjustments of adjustments followed to the transaction they correct. */
    static final int MAX_ADJUSTMENT_DEPTH = 32;

    static final String UTC_NOW = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

    static final String CLASSIFY = """
            WITH RECURSIVE s AS (
                -- COLLATE "C": the window sorts every line by its id only to number the lines of one id,
                -- so byte order serves as well as the database's collation (equal ids are equal bytes under
                -- any deterministic collation: the same partitions, the same DUPLICATEs) and compares bytes
                -- instead of calling strcoll some 20 million times (1M lines: sort + window 2.2 -> 1.4 s CPU
                -- under C.UTF-8; likely more under en_US.UTF-8)
                SELECT line_no, provider_tx_id, type, amount_minor, currency, business_date,
                       row_number() OVER (PARTITION BY provider_tx_id COLLATE "C" ORDER BY line_no) AS rn
                FROM statement_lines WHERE statement_id = :statementId
            ), adj AS (
                -- every ADJUSTMENT the provider has recorded with a reference, any business date: the
                -- provider's own corrections and this service's recon-adj-/recon-rev- postings alike
                SELECT provider_tx_id, ref_tx_id, amount_minor
                FROM ingest.ledger_view
                WHERE provider_id = :providerId AND type = 'ADJUSTMENT' AND ref_tx_id IS NOT NULL
            ), chain (ref_tx_id, amount_minor, depth) AS (
                -- an adjustment may correct an adjustment (a REOPEN reversal references the acceptance it
                -- reverses): walk each one up its references, so its amount counts for every ancestor and
                -- so for the transaction at the root; bounded, ingest allows no cycle
                SELECT ref_tx_id, amount_minor, 1 FROM adj
                UNION ALL
                SELECT a.ref_tx_id, c.amount_minor, c.depth + 1
                FROM chain c JOIN adj a ON a.provider_tx_id = c.ref_tx_id
                WHERE c.depth < %2$d
            ), net AS (
                -- bigint, as every amount here: sum() of bigints is numeric, which made every internal
                -- row's net amount, and so the comparison of a million lines, numeric arithmetic; a
                -- transaction's adjustments (each at most AMOUNT_MINOR_MAX) cannot approach bigint's range
                SELECT ref_tx_id, CAST(sum(amount_minor) AS bigint) AS adjusted_minor FROM chain GROUP BY ref_tx_id
            ), i AS (
                -- ADJUSTMENTs (this service's own postings among them) correct a transaction rather than
                -- report one: never a line of a provider's statement, never MISSING_PROVIDER; they count in
                -- the net amount of the transaction they correct, which is what the line is compared with
                SELECT v.provider_tx_id, v.type, v.amount_minor + coalesce(n.adjusted_minor, 0) AS amount_minor,
                       n.ref_tx_id IS NOT NULL AS adjusted, v.currency, v.business_date, v.round_id, v.player_ref,
                       v.brand_id, v.game_id, v.game_type, v.transaction_id
                FROM ingest.ledger_view v LEFT JOIN net n ON n.ref_tx_id = v.provider_tx_id
                WHERE v.provider_id = :providerId
                  AND v.business_date BETWEEN CAST(:from AS date) - :margin AND CAST(:to AS date) + :margin
                  AND v.type <> 'ADJUSTMENT'
            ), elsewhere AS (
                -- ids the provider reported on another day in another of its statements: that statement
                -- reports the cut-off straddle (TIMING, its line is the provider's side), this one does not
                SELECT DISTINCT l.provider_tx_id
                FROM statements st JOIN statement_lines l ON l.statement_id = st.id
                WHERE st.provider_id = :providerId AND st.id <> :statementId
                  AND st.period_from <= CAST(:to AS date) + :margin AND st.period_to >= CAST(:from AS date) - :margin
                  AND l.business_date BETWEEN CAST(:from AS date) - :margin AND CAST(:to AS date) + :margin
                  AND l.business_date <> ALL (CAST(:days AS date[]))
            ), c AS (
                SELECT s.line_no, coalesce(s.provider_tx_id, i.provider_tx_id) AS provider_tx_id,
                       s.type AS s_type, s.amount_minor AS s_amount, s.currency AS s_currency, s.business_date AS s_date,
                       i.type AS i_type, i.amount_minor AS i_amount, i.currency AS i_currency, i.business_date AS i_date,
                       i.round_id, i.player_ref, i.brand_id, i.game_id, i.game_type, i.transaction_id AS i_tx,
                       CASE
                           WHEN s.rn > 1 THEN 'DUPLICATE'
                           WHEN i.provider_tx_id IS NULL THEN 'MISSING_INTERNAL'
                           WHEN s.provider_tx_id IS NULL THEN 'MISSING_PROVIDER'
                           WHEN s.currency <> i.currency THEN 'CURRENCY_MISMATCH'
                           WHEN s.type <> i.type THEN 'TYPE_MISMATCH'
                           WHEN abs(s.amount_minor - i.amount_minor) > :tolerance THEN 'AMOUNT_MISMATCH'
                           WHEN s.business_date <> i.business_date THEN 'TIMING'
                           ELSE 'MATCHED'
                       END AS class
                FROM s FULL JOIN i ON i.provider_tx_id = s.provider_tx_id
                -- an internal row without a line counts only on the statement's own days; outside them
                -- (the margin) it is there to be matched by id, never MISSING_PROVIDER; nor is one that
                -- adjustments took to zero (an accepted MISSING_PROVIDER): there is nothing left to report
                WHERE s.line_no IS NOT NULL
                   OR (i.business_date = ANY (CAST(:days AS date[]))
                       AND NOT (i.adjusted AND i.amount_minor = 0)
                       AND i.provider_tx_id NOT IN (SELECT provider_tx_id FROM elsewhere))
                -- not pulled up into g: the CASE is computed once a row, not again for each of g's uses of class
                OFFSET 0
            ), g AS (
                -- c read once: a million classified rows folded as they come, the MATCHED ones into a row per
                -- currency, every other one kept as itself (its line and ledger row are its group), so that the
                -- exceptions and the totals read these few rows instead of c being materialized (1M lines: a
                -- 106 MB temp file written, read back and grouped again, ~1 s of CPU). A hash aggregate: the
                -- run sets enable_sort off for this statement, else the planner, expecting a group a row, sorts
                -- every row (seconds). Each kept row's values are its own: any_value of a one-row group.
                SELECT class, coalesce(s_currency, i_currency) AS currency, count(*) AS n, sum(s_amount) AS s_sum,
                       sum(i_amount) AS i_sum,
                       any_value(line_no) FILTER (WHERE class <> 'MATCHED') AS line_no,
                       any_value(provider_tx_id) FILTER (WHERE class <> 'MATCHED') AS provider_tx_id,
                       any_value(s_type) FILTER (WHERE class <> 'MATCHED') AS s_type,
                       any_value(s_amount) FILTER (WHERE class <> 'MATCHED') AS s_amount,
                       any_value(s_currency) FILTER (WHERE class <> 'MATCHED') AS s_currency,
                       any_value(s_date) FILTER (WHERE class <> 'MATCHED') AS s_date,
                       any_value(i_type) FILTER (WHERE class <> 'MATCHED') AS i_type,
                       any_value(i_amount) FILTER (WHERE class <> 'MATCHED') AS i_amount,
                       any_value(i_currency) FILTER (WHERE class <> 'MATCHED') AS i_currency,
                       any_value(i_date) FILTER (WHERE class <> 'MATCHED') AS i_date,
                       any_value(round_id) FILTER (WHERE class <> 'MATCHED') AS round_id,
                       any_value(player_ref) FILTER (WHERE class <> 'MATCHED') AS player_ref,
                       any_value(brand_id) FILTER (WHERE class <> 'MATCHED') AS brand_id,
                       any_value(game_id) FILTER (WHERE class <> 'MATCHED') AS game_id,
                       any_value(game_type) FILTER (WHERE class <> 'MATCHED') AS game_type
                FROM c
                GROUP BY class, coalesce(s_currency, i_currency), CASE WHEN class <> 'MATCHED' THEN line_no END,
                         CASE WHEN class <> 'MATCHED' THEN provider_tx_id END, CASE WHEN class <> 'MATCHED' THEN i_tx END
            ), opened AS (
                INSERT INTO exceptions (statement_id, first_run_id, last_run_id, provider_id, provider_tx_id, class,
                    line_no, business_date, currency, amount_minor, statement_type, statement_amount_minor,
                    statement_currency, statement_business_date, internal_type, internal_amount_minor,
                    internal_currency, internal_business_date, internal_round_id, internal_player_ref,
                    internal_brand_id, internal_game_id, internal_game_type, status, opened_at, updated_at)
                -- DISTINCT ON: a provider whose ids are unique per player only may have one id twice in
                -- ingest; the queue keeps one exception per (line, id, class)
                SELECT DISTINCT ON (provider_tx_id, class, coalesce(line_no, 0))
                       :statementId, :runId, :runId, :providerId, provider_tx_id, class, coalesce(line_no, 0),
                       coalesce(s_date, i_date), coalesce(s_currency, i_currency),
                       CASE class WHEN 'AMOUNT_MISMATCH' THEN abs(s_amount - i_amount)
                                  WHEN 'MISSING_PROVIDER' THEN abs(i_amount)
                                  ELSE abs(s_amount) END,
                       s_type, s_amount, s_currency, s_date, i_type, i_amount, i_currency, i_date,
                       round_id, player_ref, brand_id, game_id, game_type, 'OPEN', now(), now()
                FROM g WHERE class <> 'MATCHED'
                ON CONFLICT (statement_id, provider_tx_id, class, line_no)
                    -- found again: a CLEARED exception is open again (audited by the run)
                    DO UPDATE SET last_run_id = EXCLUDED.last_run_id,
                        status = CASE WHEN exceptions.status = 'CLEARED' THEN 'OPEN' ELSE exceptions.status END,
                        reopened_run_id = CASE WHEN exceptions.status = 'CLEARED' THEN EXCLUDED.last_run_id
                                               ELSE exceptions.reopened_run_id END,
                        version = exceptions.version + CASE WHEN exceptions.status = 'CLEARED' THEN 1 ELSE 0 END,
                        updated_at = CASE WHEN exceptions.status = 'CLEARED' THEN now() ELSE exceptions.updated_at END
                RETURNING id, provider_id, provider_tx_id, class, business_date, currency, amount_minor,
                          (xmax = 0) AS is_new,
                          (xmax <> 0 AND reopened_run_id IS NOT DISTINCT FROM CAST(:runId AS bigint)) AS is_reopened
            ), events AS (
                INSERT INTO outbox (topic, msg_key, payload)
                SELECT e.topic, e.key, e.payload
                FROM opened o CROSS JOIN LATERAL (VALUES
                    (:breaksTopic, o.id::text, json_build_object(
                        'schemaVersion', 1, 'eventId', 'recon:break:' || o.id || ':OPENED', 'breakId', o.id,
                        'statementId', CAST(:statementId AS bigint), 'runId', CAST(:runId AS bigint),
                        'providerId', o.provider_id, 'providerTxId', o.provider_tx_id, 'breakClass', o.class,
                        'businessDate', o.business_date, 'currency', o.currency, 'amountMinor', o.amount_minor,
                        'occurredAt', %1$s)::text),
                    (:historyTopic, o.provider_id || ':' || o.provider_tx_id, json_build_object(
                        'schemaVersion', 1, 'eventId', 'recon:break:' || o.id || ':OPENED',
                        'providerId', o.provider_id, 'providerTxId', o.provider_tx_id, 'service', 'reconciliation',
                        'action', 'BREAK_OPENED', 'actor', 'reconciliation', 'occurredAt', %1$s,
                        'detail', json_build_object('breakId', o.id::text, 'class', o.class,
                            'statementId', CAST(:statementId AS text), 'runId', CAST(:runId AS text),
                            'businessDate', o.business_date::text, 'currency', o.currency,
                            'amountMinor', o.amount_minor::text))::text)
                ) AS e(topic, key, payload)
                WHERE o.is_new
                UNION ALL
                SELECT e.topic, e.key, e.payload
                FROM opened o CROSS JOIN LATERAL (VALUES
                    %3$s
                ) AS e(topic, key, payload)
                WHERE o.is_reopened
                RETURNING 1
            ), totals AS (
                INSERT INTO run_class_totals (run_id, class, currency, line_count, statement_amount_minor,
                                              internal_amount_minor)
                SELECT :runId, class, currency, sum(n), coalesce(sum(s_sum), 0), coalesce(sum(i_sum), 0)
                FROM g GROUP BY class, currency
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM opened WHERE is_new) AS new_breaks,
                   (SELECT count(*) FROM opened WHERE is_reopened) AS reopened,
                   (SELECT count(*) FROM opened) AS breaks,
                   (SELECT count(*) FROM events) AS events,
                   (SELECT count(*) FROM totals) AS totals
            """.formatted(UTC_NOW, MAX_ADJUSTMENT_DEPTH, statusChangeEvents("REOPENED", "OPEN", "'REOPEN'"));

    /** Exceptions of this statement that this run no longer finds. */
    private static final String CLEAR = clearing("""
            UPDATE exceptions SET status = 'CLEARED', updated_at = now(), version = version + 1
            WHERE statement_id = :statementId AND status = 'OPEN' AND last_run_id <> :runId
            RETURNING id, provider_id, provider_tx_id, class""");

    /**
     * MISSING_PROVIDER exceptions of the provider's other statements for ids this statement reports
     * on another day: the straddle is this statement's TIMING, counted once.
     */
    private static final String CLEAR_STRADDLES = clearing("""
            UPDATE exceptions x SET status = 'CLEARED', updated_at = now(), version = x.version + 1
            FROM statement_lines l
            WHERE x.provider_id = :providerId AND x.statement_id <> :statementId AND x.status = 'OPEN'
              AND x.class = 'MISSING_PROVIDER'
              AND x.business_date BETWEEN CAST(:from AS date) - :margin AND CAST(:to AS date) + :margin
              AND l.statement_id = :statementId AND l.provider_tx_id = x.provider_tx_id
              AND l.business_date <> x.business_date
            RETURNING x.id, x.provider_id, x.provider_tx_id, x.class""");

    /**
     * The outbox rows ({@code recon.breaks.v1} and the transaction's history) of a status change a
     * run makes to the exceptions {@code o}: REOPENED (found again) or CLEARED (no longer found).
     */
    static String statusChangeEvents(String change, String status, String resolutionSql) {
        return """
                    (:breaksTopic, o.id::text, json_build_object(
                        'schemaVersion', 1, 'eventId', 'recon:break:' || o.id || ':%1$s:' || :runId,
                        'breakId', o.id, 'providerId', o.provider_id, 'providerTxId', o.provider_tx_id,
                        'breakClass', o.class, 'status', '%2$s', 'resolution', %3$s, 'actor', 'reconciliation',
                        'adjustmentTxId', NULL, 'occurredAt', %4$s)::text),
                    (:historyTopic, o.provider_id || ':' || o.provider_tx_id, json_build_object(
                        'schemaVersion', 1, 'eventId', 'recon:break:' || o.id || ':%1$s:' || :runId,
                        'providerId', o.provider_id, 'providerTxId', o.provider_tx_id, 'service', 'reconciliation',
                        'action', 'BREAK_%1$s', 'actor', 'reconciliation', 'occurredAt', %4$s,
                        'detail', json_build_object('breakId', o.id::text, 'class', o.class,
                            'runId', CAST(:runId AS text)))::text)""".formatted(change, status, resolutionSql, UTC_NOW);
    }

    private static String clearing(String update) {
        return """
            WITH cleared AS (
            %2$s
            ), events AS (
                INSERT INTO outbox (topic, msg_key, payload)
                SELECT e.topic, e.key, e.payload
                FROM cleared o CROSS JOIN LATERAL (VALUES
                    %3$s
                ) AS e(topic, key, payload)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM cleared)
            """.formatted(UTC_NOW, update, statusChangeEvents("CLEARED", "CLEARED", "NULL"));
    }

    private static final String DAY_TOTALS = """
            INSERT INTO run_day_totals (run_id, business_date, currency, statement_count, statement_amount_minor,
                                        internal_count, internal_amount_minor)
            SELECT :runId, coalesce(s.d, i.d), coalesce(s.c, i.c), coalesce(s.n, 0), coalesce(s.amount, 0),
                   coalesce(i.n, 0), coalesce(i.amount, 0)
            FROM (SELECT business_date AS d, currency AS c, line_count AS n, amount_minor AS amount
                  FROM statement_day_totals WHERE statement_id = :statementId) s -- tallied by the upload
            FULL JOIN (SELECT business_date AS d, currency AS c, count(*) AS n, sum(amount_minor) AS amount
                       FROM ingest.ledger_view
                       WHERE provider_id = :providerId
                         AND business_date = ANY (CAST(:days AS date[]))
                         AND type <> 'ADJUSTMENT'
                       GROUP BY 1, 2) i
              ON s.d = i.d AND s.c = i.c
            """;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final StatementRepository statements;
    private final ProviderSettingsRepository settings;
    private final RunRepository runs;
    private final AuditAppender audit;
    private final Clock clock;
    private final ReconciliationProperties props;

    StatementMatcher(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, TransactionTemplate tx,
                     StatementRepository statements, ProviderSettingsRepository settings, RunRepository runs,
                     AuditAppender audit, Clock clock, ReconciliationProperties props) {
        this.jdbc = jdbc;
        this.named = named;
        this.tx = tx;
        this.statements = statements;
        this.settings = settings;
        this.runs = runs;
        this.audit = audit;
        this.clock = clock;
        this.props = props;
    }

    /** Executes a queued run; a run already finished is left alone. */
    public void run(long runId) {
        RunView run = runs.find(runId).orElseThrow();
        if (run.finished()) {
            return;
        }
        jdbc.update("UPDATE runs SET status = 'RUNNING', started_at = ? WHERE id = ?",
                Timestamp.from(clock.instant()), runId);
        Instant t0 = Instant.now();
        try {
            Map<String, Long> result = tx.execute(status -> match(run));
            log.info("run {} of statement {} completed in {} ms: {}", runId, run.statementId(),
                    Duration.between(t0, Instant.now()).toMillis(), result);
        } catch (Throwable e) {
            // an Error too (out of memory, stack overflow): a run that failed is FAILED, never left RUNNING
            String message = failureOf(e);
            try {
                jdbc.update("UPDATE runs SET status = 'FAILED', finished_at = ?, failure = ? WHERE id = ?",
                        Timestamp.from(clock.instant()), message, runId);
            } catch (RuntimeException recording) {
                e.addSuppressed(recording); // left RUNNING: the next start marks it FAILED (interrupted)
            }
            throw e;
        }
    }

    /** The stored reason of a failed run: the error's type and message, bounded. */
    static String failureOf(Throwable e) {
        String message = e instanceof Error || e.getMessage() == null
                ? e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    private Map<String, Long> match(RunView run) {
        StatementView statement = statements.find(run.statementId()).orElseThrow();
        // one run per statement at a time: a concurrent re-run waits instead of racing on exceptions
        jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('recon.statement'), CAST(? AS int))",
                (int) statement.id());
        long tolerance = settings.findOrDefault(statement.providerId()).toleranceMinor();
        List<LocalDate> days = periodDays(statement);
        LocalDate from = days.get(0);
        LocalDate to = days.get(days.size() - 1);
        // the hash join and the window sort of a million lines fit in memory instead of spilling
        jdbc.execute("SET LOCAL work_mem = '128MB'");
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("statementId", statement.id())
                .addValue("runId", run.id())
                .addValue("providerId", statement.providerId())
                .addValue("from", from)
                .addValue("to", to)
                .addValue("days", days.stream().map(LocalDate::toString).collect(Collectors.joining(",", "{", "}")))
                .addValue("margin", props.matchingMarginDays())
                .addValue("tolerance", tolerance)
                .addValue("breaksTopic", Topics.RECON_BREAKS)
                .addValue("historyTopic", Topics.TRANSACTION_HISTORY);
        // CLASSIFY's fold of a million rows is a hash aggregate, not a sort of them all (see g); only for it
        jdbc.execute("SET LOCAL enable_sort = off");
        Map<String, Object> counts = named.queryForMap(CLASSIFY, p);
        jdbc.execute("RESET enable_sort");
        Long cleared = named.queryForObject(CLEAR, p, Long.class);
        Long straddlesCleared = named.queryForObject(CLEAR_STRADDLES, p, Long.class);
        named.update(DAY_TOTALS, p);
        List<Long> reopened = jdbc.queryForList(
                "SELECT id FROM exceptions WHERE statement_id = ? AND reopened_run_id = ? ORDER BY id", Long.class,
                statement.id(), run.id());
        jdbc.update("""
                UPDATE runs SET status = 'COMPLETED', finished_at = ?, period_from = ?, period_to = ?,
                    tolerance_minor = ? WHERE id = ?""",
                Timestamp.from(clock.instant()), from, to, tolerance, run.id());

        Map<String, Long> result = new LinkedHashMap<>(runs.countsByClass(run.id()));
        result.put("newBreaks", ((Number) counts.get("new_breaks")).longValue());
        result.put("cleared", cleared == null ? 0 : cleared);
        result.put("straddlesCleared", straddlesCleared == null ? 0 : straddlesCleared);
        result.put("reopened", (long) reopened.size());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("statementId", statement.id());
        after.put("periodDays", days.stream().map(LocalDate::toString).toList());
        after.put("toleranceMinor", tolerance);
        result.forEach(after::put);
        List<AuditRecord> entries = new ArrayList<>();
        entries.add(new AuditRecord(run.requestedBy(), "RUN_COMPLETED", "run", Long.toString(run.id()), null, after,
                null, null));
        for (Long id : reopened) {
            entries.add(new AuditRecord(SERVICE, "EXCEPTION_REOPENED", "exception", Long.toString(id),
                    Map.of("status", "CLEARED"), Map.of("status", "OPEN", "runId", run.id()),
                    "found again by run " + run.id(), null));
        }
        audit.append(entries);
        return result;
    }

    /**
     * The days this statement speaks for: its declared period, day by day; otherwise the business
     * dates of its lines that hold at least {@code derivedDayMinShare} of the busiest day's lines,
     * so that a line or two dated across a cut-off does not make the statement answer for a whole
     * other day (whose every transaction would then be MISSING_PROVIDER).
     */
    private List<LocalDate> periodDays(StatementView statement) {
        Boolean declared = jdbc.queryForObject("SELECT period_declared FROM statements WHERE id = ?", Boolean.class,
                statement.id());
        List<LocalDate> days = new ArrayList<>();
        if (Boolean.TRUE.equals(declared)) {
            for (LocalDate d = statement.periodFrom(); !d.isAfter(statement.periodTo()); d = d.plusDays(1)) {
                days.add(d);
            }
            return days;
        }
        Map<LocalDate, Long> perDay = new TreeMap<>();
        // lines per day, as the upload tallied them per day and currency
        jdbc.query("SELECT business_date, CAST(sum(line_count) AS bigint) FROM statement_day_totals"
                        + " WHERE statement_id = ? GROUP BY 1",
                rs -> {
                    perDay.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }, statement.id());
        long busiest = perDay.values().stream().mapToLong(Long::longValue).max().orElse(0);
        perDay.forEach((day, n) -> {
            if (n >= Math.max(1.0, busiest * props.derivedDayMinShare())) {
                days.add(day);
            }
        });
        if (days.isEmpty()) {
            days.add(statement.periodFrom());
        }
        return days;
    }
}
