package io.clearhouse.reporting.breaks;

import io.clearhouse.common.reconciliation.BreakOpened;
import io.clearhouse.common.reconciliation.BreakResolved;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies break events inside the consuming batch's transaction: each event once (by event id); an
 * opened break is inserted as OPEN, a status change updates the break's status and resolution.
 */
@Component
class BreakWriter {

    private final JdbcTemplate jdbc;

    BreakWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void apply(List<Object> events) {
        for (Object e : events) {
            if (e instanceof BreakOpened o) {
                if (recorded(o.eventId(), o.breakId(), "OPEN", null, null, o.occurredAt())) {
                    jdbc.update("""
                            INSERT INTO breaks (break_id, statement_id, run_id, provider_id, provider_tx_id,
                                break_class, business_date, currency, amount_minor, status, opened_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)
                            ON CONFLICT (break_id) DO UPDATE SET statement_id = excluded.statement_id,
                                run_id = excluded.run_id, business_date = excluded.business_date,
                                currency = excluded.currency, amount_minor = excluded.amount_minor,
                                opened_at = excluded.opened_at""",
                            o.breakId(), o.statementId(), o.runId(), o.providerId(), o.providerTxId(),
                            o.breakClass().name(), o.businessDate(), o.currency(), o.amountMinor(), ts(o.occurredAt()),
                            ts(o.occurredAt()));
                }
            } else if (e instanceof BreakResolved r) {
                if (recorded(r.eventId(), r.breakId(), r.status(), r.resolution(), r.actor(), r.occurredAt())) {
                    // a status change of a break opened before this service consumed (or a lost
                    // BreakOpened) still shows, without date and amount
                    jdbc.update("""
                            INSERT INTO breaks (break_id, provider_id, provider_tx_id, break_class, status, resolution,
                                updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (break_id) DO UPDATE SET status = excluded.status,
                                resolution = excluded.resolution, updated_at = excluded.updated_at""",
                            r.breakId(), r.providerId(), r.providerTxId(),
                            r.breakClass() == null ? "UNKNOWN" : r.breakClass().name(), r.status(), r.resolution(),
                            ts(r.occurredAt()));
                }
            }
        }
    }

    private boolean recorded(String eventId, long breakId, String status, String resolution, String actor,
                             Instant at) {
        return jdbc.update("""
                INSERT INTO break_events (event_id, break_id, status, resolution, actor, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                eventId, breakId, status, resolution, actor, ts(at)) == 1;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
