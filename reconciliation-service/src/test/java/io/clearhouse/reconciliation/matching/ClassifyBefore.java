package io.clearhouse.reconciliation.matching;

/**
 * {@code StatementMatcher.CLASSIFY} as it was before its classified rows were folded as they come
 * (2026-12-03): {@code c} materialized and read twice, once for the exceptions and once for the
 * totals. Kept so that {@link ClassifyFoldIT} can compare the two on the same data.
 */
final class ClassifyBefore {

    static final String SQL = """
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
                       v.brand_id, v.game_id, v.game_type
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
                       i.round_id, i.player_ref, i.brand_id, i.game_id, i.game_type,
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
                FROM c WHERE class <> 'MATCHED'
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
                SELECT :runId, class, coalesce(s_currency, i_currency), count(*), coalesce(sum(s_amount), 0),
                       coalesce(sum(i_amount), 0)
                FROM c GROUP BY class, coalesce(s_currency, i_currency)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM opened WHERE is_new) AS new_breaks,
                   (SELECT count(*) FROM opened WHERE is_reopened) AS reopened,
                   (SELECT count(*) FROM opened) AS breaks,
                   (SELECT count(*) FROM events) AS events,
                   (SELECT count(*) FROM totals) AS totals
            """.formatted(StatementMatcher.UTC_NOW, StatementMatcher.MAX_ADJUSTMENT_DEPTH,
            StatementMatcher.statusChangeEvents("REOPENED", "OPEN", "'REOPEN'"));

    private ClassifyBefore() {
    }
}
