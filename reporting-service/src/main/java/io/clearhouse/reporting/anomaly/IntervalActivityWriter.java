package io.clearhouse.reporting.anomaly;

import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Adds the fresh transactions of a ledger batch (already claimed once in {@code counted_transactions} by
 * the daily activity writer, in the same database transaction) to {@code activity_intervals}, the
 * detector's series: one multi-row upsert per batch, and one for the series it names.
 * <p>Bets count and add their stake; a ROLLBACK takes its bet's stake back off and counts as a rollback;
 * a WIN adds (free-round wins excluded, as are JACKPOT_WIN and FREE_ROUND_WIN: the operator and the pools
 * fund those, they are not the game's return); an ADJUSTMENT moves the side of the type it corrects.
 */
@Component
public class IntervalActivityWriter {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final long intervalMs;

    IntervalActivityWriter(JdbcTemplate jdbc, Clock clock, AnomalyProperties props) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.intervalMs = props.interval().toMillis();
    }

    private record Key(String provider, String gameType, String currency, Instant start) {
    }

    private static final class Sums {
        long betCount, betMinor, winMinor, rollbackCount;
    }

    /** @param fresh transactions counted for the first time, inside the batch's transaction */
    public void apply(List<TransactionRecorded> fresh) {
        Map<Key, Sums> sums = new LinkedHashMap<>();
        for (TransactionRecorded tx : fresh) {
            if (tx.occurredAt() == null || tx.gameType() == null) {
                continue;
            }
            Instant start = Instant.ofEpochMilli(Math.floorDiv(tx.occurredAt().toEpochMilli(), intervalMs) * intervalMs);
            Sums s = sums.computeIfAbsent(new Key(tx.providerId(), tx.gameType().name(), tx.currency(), start),
                    k -> new Sums());
            long a = tx.amountMinor();
            switch (tx.type()) {
                case BET -> {
                    s.betCount++;
                    s.betMinor = Math.addExact(s.betMinor, a);
                }
                case ROLLBACK -> {
                    s.rollbackCount++;
                    s.betMinor = Math.subtractExact(s.betMinor, a);
                }
                case WIN -> {
                    if (!tx.freeRound()) {
                        s.winMinor = Math.addExact(s.winMinor, a);
                    }
                }
                case ADJUSTMENT -> {
                    if (tx.adjustedType() == TransactionType.BET) {
                        s.betMinor = Math.addExact(s.betMinor, a);
                    } else if (tx.adjustedType() == TransactionType.WIN) {
                        s.winMinor = Math.addExact(s.winMinor, a);
                    }
                }
                default -> {
                    // JACKPOT_WIN, FREE_ROUND_WIN: not the game's own return
                }
            }
        }
        if (sums.isEmpty()) {
            return;
        }
        int n = sums.size();
        String[] providers = new String[n];
        String[] games = new String[n];
        String[] currencies = new String[n];
        String[] starts = new String[n];
        Long[] betCounts = new Long[n];
        Long[] betMinors = new Long[n];
        Long[] winMinors = new Long[n];
        Long[] rollbacks = new Long[n];
        int i = 0;
        for (Map.Entry<Key, Sums> e : sums.entrySet()) {
            providers[i] = e.getKey().provider();
            games[i] = e.getKey().gameType();
            currencies[i] = e.getKey().currency();
            starts[i] = e.getKey().start().toString();
            betCounts[i] = e.getValue().betCount;
            betMinors[i] = e.getValue().betMinor;
            winMinors[i] = e.getValue().winMinor;
            rollbacks[i] = e.getValue().rollbackCount;
            i++;
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                INSERT INTO activity_intervals AS a (provider_id, game_type, currency, interval_start, bet_count,
                    bet_minor, win_minor, rollback_count, updated_at)
                SELECT p, g, c, s, bc, bm, wm, rc, ? FROM unnest(?::text[], ?::text[], ?::char(3)[], ?::timestamptz[],
                    ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS u(p, g, c, s, bc, bm, wm, rc)
                ON CONFLICT (provider_id, game_type, currency, interval_start) DO UPDATE SET
                    bet_count = a.bet_count + excluded.bet_count, bet_minor = a.bet_minor + excluded.bet_minor,
                    win_minor = a.win_minor + excluded.win_minor,
                    rollback_count = a.rollback_count + excluded.rollback_count, updated_at = excluded.updated_at""",
                now, providers, games, currencies, starts, betCounts, betMinors, winMinors, rollbacks);
        // a new series starts being judged at its first interval; late data for an earlier interval moves its
        // start back. Only those rows are updated (locked): the evaluator holds a series while judging it,
        // and the listener must not wait for it batch after batch.
        jdbc.update("""
                INSERT INTO anomaly_series (provider_id, game_type, currency, first_interval, evaluated_until)
                SELECT p, g, c, min(st), min(st) FROM unnest(?::text[], ?::text[], ?::char(3)[], ?::timestamptz[])
                    AS u(p, g, c, st) GROUP BY p, g, c ORDER BY p, g, c
                ON CONFLICT (provider_id, game_type, currency) DO NOTHING""",
                providers, games, currencies, starts);
        jdbc.update("""
                UPDATE anomaly_series s SET first_interval = u.first_at
                FROM (SELECT p, g, c, min(st) AS first_at FROM unnest(?::text[], ?::text[], ?::char(3)[], ?::timestamptz[])
                      AS x(p, g, c, st) GROUP BY p, g, c) u
                WHERE s.provider_id = u.p AND s.game_type = u.g AND s.currency = u.c AND u.first_at < s.first_interval""",
                providers, games, currencies, starts);
    }
}
