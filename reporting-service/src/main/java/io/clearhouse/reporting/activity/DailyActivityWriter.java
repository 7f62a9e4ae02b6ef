package io.clearhouse.reporting.activity;

import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.reporting.anomaly.IntervalActivityWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Adds a batch of recorded transactions to {@code daily_activity} with two statements whatever the
 * batch size: one multi-row insert that claims the transaction ids not counted before, one multi-row
 * upsert of the batch's sums per (business date, provider, brand, currency, game type). Never a write
 * per row. The same fresh transactions feed the anomaly detector's interval series.
 */
@Component
class DailyActivityWriter {

    private final JdbcTemplate jdbc;
    private final IntervalActivityWriter intervals;

    DailyActivityWriter(JdbcTemplate jdbc, IntervalActivityWriter intervals) {
        this.jdbc = jdbc;
        this.intervals = intervals;
    }

    /** The sums of one key within a batch. */
    static final class Sums {
        long betCount, betMinor, winCount, winMinor, rollbackCount, rollbackMinor, jackpotWinCount, jackpotWinMinor,
                freeRoundWinCount, freeRoundWinMinor, adjustmentCount, adjustmentMinor, jackpotContributionMinor;

        void add(TransactionRecorded tx) {
            long a = tx.amountMinor();
            switch (tx.type()) {
                case BET -> {
                    betCount++;
                    betMinor = Math.addExact(betMinor, a);
                    if (tx.jackpotContributionMinor() != null) {
                        jackpotContributionMinor = Math.addExact(jackpotContributionMinor, tx.jackpotContributionMinor());
                    }
                }
                case WIN -> {
                    if (tx.freeRound()) {
                        freeRoundWinCount++;
                        freeRoundWinMinor = Math.addExact(freeRoundWinMinor, a);
                    } else {
                        winCount++;
                        winMinor = Math.addExact(winMinor, a);
                    }
                }
                case FREE_ROUND_WIN -> {
                    freeRoundWinCount++;
                    freeRoundWinMinor = Math.addExact(freeRoundWinMinor, a);
                }
                case JACKPOT_WIN -> {
                    jackpotWinCount++;
                    jackpotWinMinor = Math.addExact(jackpotWinMinor, a);
                }
                case ROLLBACK -> {
                    rollbackCount++;
                    rollbackMinor = Math.addExact(rollbackMinor, a);
                }
                case ADJUSTMENT -> {
                    adjustmentCount++;
                    adjustmentMinor = Math.addExact(adjustmentMinor, a);
                }
            }
        }
    }

    record Key(java.time.LocalDate date, String provider, String brand, String currency, String gameType) {
    }

    void apply(List<TransactionRecorded> txs) {
        Set<String> fresh = claim(txs);
        Map<Key, Sums> sums = new LinkedHashMap<>();
        List<TransactionRecorded> counted = new ArrayList<>(fresh.size());
        for (TransactionRecorded tx : txs) {
            if (fresh.remove(tx.transactionId())) {
                counted.add(tx);
                sums.computeIfAbsent(new Key(tx.businessDate(), tx.providerId(), tx.brandId(), tx.currency(),
                        tx.gameType().name()), k -> new Sums()).add(tx);
            }
        }
        // the anomaly detector's hourly series, from the same once-counted transactions, in the same transaction
        intervals.apply(counted);
        if (sums.isEmpty()) {
            return;
        }
        int n = sums.size();
        // typed arrays: PgJDBC binds String[] and Long[] as SQL arrays (dates travel as ISO text)
        String[][] keys = new String[5][n];
        Long[][] figures = new Long[13][n];
        int i = 0;
        for (Map.Entry<Key, Sums> e : sums.entrySet()) {
            Key k = e.getKey();
            Sums s = e.getValue();
            String[] key = {k.date().toString(), k.provider(), k.brand(), k.currency(), k.gameType()};
            long[] fig = {s.betCount, s.betMinor, s.winCount, s.winMinor, s.rollbackCount, s.rollbackMinor,
                    s.jackpotWinCount, s.jackpotWinMinor, s.freeRoundWinCount, s.freeRoundWinMinor, s.adjustmentCount,
                    s.adjustmentMinor, s.jackpotContributionMinor};
            for (int c = 0; c < key.length; c++) {
                keys[c][i] = key[c];
            }
            for (int c = 0; c < fig.length; c++) {
                figures[c][i] = fig[c];
            }
            i++;
        }
        Object[] params = new Object[18];
        System.arraycopy(keys, 0, params, 0, 5);
        System.arraycopy(figures, 0, params, 5, 13);
        jdbc.update("""
                INSERT INTO daily_activity AS d (business_date, provider_id, brand_id, currency, game_type,
                    bet_count, bet_minor, win_count, win_minor, rollback_count, rollback_minor, jackpot_win_count,
                    jackpot_win_minor, free_round_win_count, free_round_win_minor, adjustment_count, adjustment_minor,
                    jackpot_contribution_minor)
                SELECT * FROM unnest(?::date[], ?::text[], ?::text[], ?::char(3)[], ?::text[], ?::bigint[],
                    ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                    ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                ON CONFLICT (business_date, provider_id, brand_id, currency, game_type) DO UPDATE SET
                    bet_count = d.bet_count + excluded.bet_count, bet_minor = d.bet_minor + excluded.bet_minor,
                    win_count = d.win_count + excluded.win_count, win_minor = d.win_minor + excluded.win_minor,
                    rollback_count = d.rollback_count + excluded.rollback_count,
                    rollback_minor = d.rollback_minor + excluded.rollback_minor,
                    jackpot_win_count = d.jackpot_win_count + excluded.jackpot_win_count,
                    jackpot_win_minor = d.jackpot_win_minor + excluded.jackpot_win_minor,
                    free_round_win_count = d.free_round_win_count + excluded.free_round_win_count,
                    free_round_win_minor = d.free_round_win_minor + excluded.free_round_win_minor,
                    adjustment_count = d.adjustment_count + excluded.adjustment_count,
                    adjustment_minor = d.adjustment_minor + excluded.adjustment_minor,
                    jackpot_contribution_minor = d.jackpot_contribution_minor + excluded.jackpot_contribution_minor""",
                params);
    }

    /** Inserts the batch's transaction ids once each; returns those not counted before. */
    private Set<String> claim(List<TransactionRecorded> txs) {
        Map<String, java.time.LocalDate> ids = new LinkedHashMap<>();
        txs.forEach(tx -> ids.putIfAbsent(tx.transactionId(), tx.businessDate()));
        List<String> fresh = new ArrayList<>(ids.size());
        jdbc.query("""
                INSERT INTO counted_transactions (transaction_id, business_date)
                SELECT * FROM unnest(?::text[], ?::date[]) ON CONFLICT DO NOTHING RETURNING transaction_id""",
                rs -> {
                    fresh.add(rs.getString("transaction_id"));
                }, ids.keySet().toArray(String[]::new), ids.values().stream().map(Object::toString).toArray(String[]::new));
        return new HashSet<>(fresh);
    }
}
