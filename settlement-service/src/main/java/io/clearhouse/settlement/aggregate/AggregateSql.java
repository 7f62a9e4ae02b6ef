package io.clearhouse.settlement.aggregate;

/**
 * The one statement that counts transactions: dedupe and aggregate in a single SQL statement, so a
 * transaction is counted exactly when its id is first inserted into {@code processed_transactions}.
 * The row source is a parameter: the Kafka listener feeds arrays ({@code unnest}), the benchmark a
 * table, and both run the same placement, dedupe and upsert.
 *
 * <p>Placement: a transaction belongs to its origin date (its business date; for a ROLLBACK the
 * reversed bet's). An ADJUSTMENT belongs to its own business date: it is a correction made when it
 * was accepted, not a rewrite of the day it corrects. When the provider's period holding that date is already
 * closed, it is posted to the first open date instead (its own business date, or the day after the
 * provider's last closed period if that is later): a late adjustment, referencing its origin date.
 *
 * <p>Sums are 64-bit. A single amount is bounded ({@code TransactionRules.AMOUNT_MINOR_MAX}, checked
 * by the listener), so only a group's accumulated sum can overflow, after some 92 million maximal
 * transactions in one group: PostgreSQL then refuses the upsert (SQLSTATE 22003, numeric value out of
 * range) and the listener dead-letters exactly the record that tipped the sum over, with that reason,
 * never the batch around it; the stored sum stays exact.
 */
public final class AggregateSql {

    /** Columns the source relation must provide, in this order and with these types. */
    public static final String SOURCE_COLUMNS = "transaction_id, provider_id, provider_tx_id, ref_tx_id, brand_id, currency, "
            + "game_type, type, amount_minor, business_date, reverses_business_date, free_round, jackpot_minor, adjusted_type";

    /** The unnest source for the listener: 14 array parameters. */
    public static final String ARRAY_SOURCE = """
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::bigint[], ?::date[], ?::date[], ?::boolean[], ?::bigint[], ?::text[])
                AS t(transaction_id, provider_id, provider_tx_id, ref_tx_id, brand_id, currency, game_type, type,
                     amount_minor, business_date, reverses_business_date, free_round, jackpot_minor, adjusted_type)""";

    private AggregateSql() {
    }

    /** The statement over {@code source} (a SELECT yielding {@link #SOURCE_COLUMNS}); returns one row: how many were counted, the groups touched, and the late ones as a JSON array. */
    public static String apply(String source) {
        return """
                WITH input AS (%s),
                placed AS (
                    SELECT i.*, o.origin_date,
                           CASE WHEN EXISTS (SELECT 1 FROM closed_periods c WHERE c.provider_id = i.provider_id
                                              AND o.origin_date BETWEEN c.period_start AND c.period_end)
                                THEN greatest(i.business_date,
                                              (SELECT max(c.period_end) + 1 FROM closed_periods c
                                                WHERE c.provider_id = i.provider_id))
                                ELSE o.origin_date END AS posting_date
                      FROM input i
                     CROSS JOIN LATERAL (SELECT CASE WHEN i.type = 'ROLLBACK'
                                                          AND i.reverses_business_date IS NOT NULL
                                                     THEN i.reverses_business_date ELSE i.business_date END
                                                AS origin_date) o
                ),
                fresh AS (
                    INSERT INTO processed_transactions (transaction_id, provider_id, provider_tx_id, ref_tx_id, type,
                                                        adjusted_type, origin_date, posting_date, processed_at,
                                                        business_date, amount_minor, currency)
                    SELECT transaction_id, provider_id, provider_tx_id, ref_tx_id, type, adjusted_type, origin_date,
                           posting_date, now(), business_date, amount_minor, currency
                      FROM placed
                    ON CONFLICT (transaction_id) DO NOTHING
                    RETURNING transaction_id, provider_id, provider_tx_id, origin_date, posting_date
                ),
                applied AS (
                    INSERT INTO aggregates AS a (provider_id, posting_date, origin_date, brand_id, currency, game_type,
                        bet_count, bet_minor, win_count, win_minor, rollback_count, rollback_minor,
                        free_round_win_count, free_round_win_minor, jackpot_win_count, jackpot_win_minor,
                        jackpot_contribution_minor, adjustment_count, stake_adjustment_minor, payout_adjustment_minor, updated_at)
                    SELECT p.provider_id, p.posting_date, p.origin_date, p.brand_id, p.currency, p.game_type,
                        count(*) FILTER (WHERE p.type = 'BET'),
                        coalesce(sum(p.amount_minor) FILTER (WHERE p.type = 'BET'), 0),
                        count(*) FILTER (WHERE p.type = 'WIN' AND NOT p.free_round),
                        coalesce(sum(p.amount_minor) FILTER (WHERE p.type = 'WIN' AND NOT p.free_round), 0),
                        count(*) FILTER (WHERE p.type = 'ROLLBACK'),
                        coalesce(sum(p.amount_minor) FILTER (WHERE p.type = 'ROLLBACK'), 0),
                        count(*) FILTER (WHERE p.type = 'FREE_ROUND_WIN' OR (p.type = 'WIN' AND p.free_round)),
                        coalesce(sum(p.amount_minor) FILTER (WHERE p.type = 'FREE_ROUND_WIN'
                                                                OR (p.type = 'WIN' AND p.free_round)), 0),
                        count(*) FILTER (WHERE p.type = 'JACKPOT_WIN'),
                        coalesce(sum(p.amount_minor) FILTER (WHERE p.type = 'JACKPOT_WIN'), 0),
                        coalesce(sum(p.jackpot_minor) FILTER (WHERE p.type = 'BET'), 0),
                        count(*) FILTER (WHERE p.type = 'ADJUSTMENT'),
                        coalesce(sum(p.amount_minor) FILTER (WHERE p.type = 'ADJUSTMENT' AND p.adjusted_type = 'BET'), 0),
                        coalesce(sum(p.amount_minor) FILTER (WHERE p.type = 'ADJUSTMENT'
                                                                AND p.adjusted_type IN ('WIN', 'JACKPOT_WIN', 'FREE_ROUND_WIN')), 0),
                        now()
                      FROM placed p JOIN fresh f ON f.transaction_id = p.transaction_id
                     GROUP BY p.provider_id, p.posting_date, p.origin_date, p.brand_id, p.currency, p.game_type
                    ON CONFLICT (provider_id, posting_date, origin_date, brand_id, currency, game_type) DO UPDATE SET
                        bet_count = a.bet_count + excluded.bet_count,
                        bet_minor = a.bet_minor + excluded.bet_minor,
                        win_count = a.win_count + excluded.win_count,
                        win_minor = a.win_minor + excluded.win_minor,
                        rollback_count = a.rollback_count + excluded.rollback_count,
                        rollback_minor = a.rollback_minor + excluded.rollback_minor,
                        free_round_win_count = a.free_round_win_count + excluded.free_round_win_count,
                        free_round_win_minor = a.free_round_win_minor + excluded.free_round_win_minor,
                        jackpot_win_count = a.jackpot_win_count + excluded.jackpot_win_count,
                        jackpot_win_minor = a.jackpot_win_minor + excluded.jackpot_win_minor,
                        jackpot_contribution_minor = a.jackpot_contribution_minor + excluded.jackpot_contribution_minor,
                        adjustment_count = a.adjustment_count + excluded.adjustment_count,
                        stake_adjustment_minor = a.stake_adjustment_minor + excluded.stake_adjustment_minor,
                        payout_adjustment_minor = a.payout_adjustment_minor + excluded.payout_adjustment_minor,
                        updated_at = excluded.updated_at
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM fresh) AS counted, (SELECT count(*) FROM applied) AS groups,
                       (SELECT coalesce(json_agg(json_build_object('transactionId', transaction_id,
                                   'providerId', provider_id, 'providerTxId', provider_tx_id,
                                   'originDate', origin_date, 'postingDate', posting_date)
                                   ORDER BY transaction_id), '[]')
                          FROM fresh WHERE origin_date <> posting_date)::text AS late
                """.formatted(source);
    }

    /**
     * Taken (shared) by every counting transaction and (exclusive) by a close, so a close sees either
     * all of a batch or none of it, and a batch committed after the close sees the period closed.
     */
    public static final String COUNT_LOCK = "SELECT pg_advisory_xact_lock_shared(hashtext('settlement.close'))";
    public static final String CLOSE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('settlement.close'))";
}
