package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The statement's day totals tallied by the upload are what grouping its stored lines gives, whether
 * tallied as the lines are read or, for a statement on more days and currencies than that tallies,
 * grouped once stored; a run takes its statement side and a derived period's days from them.
 */
class StatementDayTotalsIT extends ReconciliationITBase {

    private static final LocalDate DAY = LocalDate.of(2026, 10, 14);

    @Test
    void theUploadTalliesWhatGroupingItsLinesGivesAndTheRunTakesItsStatementSideFromThem() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 160, 31);
        Ledger.record(day.recorded);
        for (int i = 100; i < 160; i++) {
            day.line("tx-" + i).businessDate = DAY.plusDays(1);           // a second day (TIMING on the ledger's)
        }
        day.line("tx-3").businessDate = DAY.plusDays(5);                 // a stray line: not one of the period's days
        day.line("tx-9").currency = "GBP";                               // a third currency
        day.lines.add(day.line("tx-11").copy());                         // a duplicate counts in the totals
        day.lines.add(day.line("tx-120").copy());
        byte[] csv = (new String(day.csv(), StandardCharsets.UTF_8)
                + "tx-bad,BET,not-a-number,EUR,2026-10-14T10:00:00Z,2026-10-14\r\n").getBytes(StandardCharsets.UTF_8);

        Answer up = upload(null, As.provider(provider), "text/csv", csv);
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        assertThat(up.body().get("errors").size()).isEqualTo(1);
        long statementId = up.body().get("statement").get("id").asLong();
        JsonNode tallied = awaitRun(up.body().get("runId").asLong());

        List<String> tallies = rows("""
                SELECT business_date, currency, line_count, amount_minor FROM reconciliation.statement_day_totals
                WHERE statement_id = ? ORDER BY 1, 2""", statementId);
        assertThat(tallies).hasSize(6).isEqualTo(rows("""
                SELECT business_date, currency, count(*), sum(amount_minor) FROM reconciliation.statement_lines
                WHERE statement_id = ? GROUP BY 1, 2 ORDER BY 1, 2""", statementId));

        // the run's statement side is the tallies (the stray day's too, as grouping every line gave), and
        // the period derived from them is the lines' two days
        long run = tallied.get("run").get("id").asLong();
        assertThat(rows("""
                SELECT business_date, currency, statement_count, statement_amount_minor
                FROM reconciliation.run_day_totals WHERE run_id = ? AND statement_count > 0 ORDER BY 1, 2""", run))
                .isEqualTo(tallies);
        assertThat(rows("SELECT period_from, period_to, tolerance_minor FROM reconciliation.runs WHERE id = ?", run))
                .containsExactly(DAY + "|" + DAY.plusDays(1) + "|0");
    }

    @Test
    void aStatementOnMoreDaysAndCurrenciesThanTheUploadTalliesAsItReadsIsGroupedOnceStored() throws Exception {
        String provider = newProvider();
        int days = 10_001; // one more than StatementLoader.DAY_TOTALS_MAX
        DayFixture day = new DayFixture(provider, DAY, days, 5);
        for (int i = 0; i < days; i++) {
            day.line("tx-" + i).businessDate = DAY.minusDays(i);
        }

        // a declared period: lines dated outside it are kept (and counted) rather than refused
        Answer up = upload(provider + "&from=" + DAY + "&to=" + DAY, As.operator(), "text/csv", day.csv());
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        long statementId = up.body().get("statement").get("id").asLong();

        assertThat(rows("""
                SELECT business_date, currency, line_count, amount_minor FROM reconciliation.statement_day_totals
                WHERE statement_id = ? ORDER BY 1, 2""", statementId)).hasSize(days).isEqualTo(rows("""
                SELECT business_date, currency, count(*), sum(amount_minor) FROM reconciliation.statement_lines
                WHERE statement_id = ? GROUP BY 1, 2 ORDER BY 1, 2""", statementId));
    }

    private static List<String> dayTotals(long runId) throws Exception {
        return rows("""
                SELECT business_date, currency, statement_count, statement_amount_minor, internal_count,
                       internal_amount_minor
                FROM reconciliation.run_day_totals WHERE run_id = ? ORDER BY 1, 2""", runId);
    }

    private static List<String> rows(String sql, Object... args) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            return SqlRows.of(c, sql, args);
        }
    }
}
