package io.clearhouse.reporting.statement;

import io.clearhouse.common.settlement.StatementPublished;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes statement events into the read model inside the consuming batch's transaction: each event
 * once (by event id), the statement version's row (status only moves forward), its lines once, and a
 * report job for a DRAFT or an APPROVED event.
 */
@Component
class StatementWriter {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    StatementWriter(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void apply(List<StatementEvent> events) {
        Instant now = clock.instant();
        for (StatementEvent se : events) {
            StatementPublished e = se.event();
            int inserted = jdbc.update("""
                    INSERT INTO statement_events (event_id, statement_id, status, actor, reason, occurred_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                    e.eventId(), e.statementId(), se.status().name(), e.actor(), e.reason(), ts(e.occurredAt()));
            if (inserted == 0) {
                continue; // the same event again (the relay is at-least-once): no new effect
            }
            upsertStatement(se, now);
            insertLines(e.statementId(), se.document());
            if (se.status().triggersReports()) {
                jdbc.update("""
                        INSERT INTO report_jobs (event_id, provider_id, business_date, created_at)
                        VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                        e.eventId(), e.providerId(), se.document().periodStart(), Timestamp.from(now));
            }
        }
    }

    private void upsertStatement(StatementEvent se, Instant now) {
        StatementPublished e = se.event();
        StatementDocument d = se.document();
        jdbc.update("""
                INSERT INTO statements (statement_id, provider_id, period_start, period_end, version, status,
                    settlement_currency, total_payable_minor, fees_minor, top_up_minor, carry_in_minor,
                    carry_out_minor, aggregator_fee_minor, sha256, document, prepared_by, prepared_at,
                    approved_by, approved_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (statement_id) DO UPDATE SET status = excluded.status,
                    approved_by = coalesce(excluded.approved_by, statements.approved_by),
                    approved_at = coalesce(excluded.approved_at, statements.approved_at),
                    updated_at = excluded.updated_at
                WHERE (CASE excluded.status WHEN 'DRAFT' THEN 0 WHEN 'PAID' THEN 2 ELSE 1 END)
                    > (CASE statements.status WHEN 'DRAFT' THEN 0 WHEN 'PAID' THEN 2 ELSE 1 END)""",
                e.statementId(), e.providerId(), d.periodStart(), d.periodEnd(), e.version(), se.status().name(),
                d.settlementCurrency(), d.totalPayableMinor(), d.feesMinor(), d.topUpMinor(), d.carryInMinor(),
                d.carryOutMinor(), d.aggregatorFeeMinor(), e.sha256(), e.document(), e.preparedBy(),
                ts(e.preparedAt()), e.approvedBy(), ts(e.approvedAt()), Timestamp.from(now));
    }

    private void insertLines(String statementId, StatementDocument d) {
        List<Object[]> rows = new ArrayList<>(d.lines().size());
        for (StatementDocument.Line l : d.lines()) {
            rows.add(new Object[] {statementId, l.index(), l.kind(), l.gameType(), l.currency(), l.originDate(),
                    l.betCount(), l.bets(), l.wins(), l.jackpotWins(), l.freeRoundWins(), l.ggr(), l.deductions(),
                    l.ngr(), l.baseKind(), l.base(), l.fx().from(), l.fx().to(), l.fx().rate(), l.fx().source(),
                    l.fx().rateDate(), l.baseConverted(), l.feeExact(), l.feeMinor()});
        }
        jdbc.batchUpdate("""
                INSERT INTO statement_lines (statement_id, line_index, kind, game_type, currency, origin_date,
                    bet_count, bets, wins, jackpot_wins, free_round_wins, ggr, deductions, ngr, base_kind, base,
                    fx_from, fx_to, fx_rate, fx_source, fx_rate_date, base_converted, fee_exact, fee_minor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (statement_id, line_index) DO NOTHING""", rows);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
