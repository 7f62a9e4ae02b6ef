package io.clearhouse.settlement.period;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.settlement.domain.ContractTerms;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduledCloserTest {

    @Test
    void aDailyPeriodIsDueAtTheNextCutOffInTheContractsZonePlusGrace() {
        ContractTerms seoul = ContractTerms.fromMap(Map.of("settlementCurrency", "USD", "timeZone", "Asia/Seoul",
                "cutoffHour", 6, "graceMinutes", 30, "games", Map.of("LIVE", Map.of("rate", "0.1"))));
        // business day 2026-10-26 ends 2026-10-27 06:00 KST = 2026-10-26 21:00 UTC; + 30 min grace
        assertThat(ScheduledCloser.due(seoul, LocalDate.of(2026, 10, 26))).isEqualTo(Instant.parse("2026-10-26T21:30:00Z"));
    }

    @Test
    void aMonthlyPeriodIsDueOnlyAfterTheMonthsLastDay() {
        ContractTerms monthly = ContractTerms.fromMap(Map.of("settlementCurrency", "EUR", "period", "MONTHLY",
                "graceMinutes", 0, "games", Map.of("SLOT", Map.of("rate", "0.1"))));
        assertThat(ScheduledCloser.due(monthly, LocalDate.of(2026, 10, 3))).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(PeriodCloser.period(monthly, LocalDate.of(2026, 10, 3)))
                .containsExactly(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));
    }

    private static final ContractTerms MONTHLY = ContractTerms.fromMap(Map.of("settlementCurrency", "EUR", "period",
            "MONTHLY", "graceMinutes", 0, "games", Map.of("SLOT", Map.of("rate", "0.1"))));
    private static final ContractTerms DAILY = ContractTerms.fromMap(Map.of("settlementCurrency", "EUR",
            "graceMinutes", 30, "games", Map.of("SLOT", Map.of("rate", "0.1"))));

    private static List<String> due(ContractTerms terms, LocalDate from, String now, Set<String> closedStarts) {
        return ScheduledCloser.duePeriods(d -> terms, from, Instant.parse(now),
                p -> closedStarts.contains(p[0].toString()), ScheduledCloser.PERIODS_PER_RUN_MAX).stream()
                .map(p -> p[0] + ".." + p[1]).toList();
    }

    @Test
    void aMonthlyContractClosesEachMonthOnceWhateverDayTheActivityWasOn() {
        // activity on 10-03 only; on 12-15 October and November are due (November had no activity at all)
        assertThat(due(MONTHLY, LocalDate.of(2026, 10, 3), "2026-12-15T00:00:00Z", Set.of()))
                .containsExactly("2026-10-01..2026-10-31", "2026-11-01..2026-11-30");
    }

    @Test
    void aDailyContractClosesEveryDueDayIncludingQuietOnesAndNotTheOneStillOpen() {
        // 11-30 is quiet but ends the month (minimum guarantee); 12-01 is due only at 12-02 00:30
        assertThat(due(DAILY, LocalDate.of(2026, 11, 28), "2026-12-02T00:29:00Z", Set.of()))
                .containsExactly("2026-11-28..2026-11-28", "2026-11-29..2026-11-29", "2026-11-30..2026-11-30");
        assertThat(due(DAILY, LocalDate.of(2026, 11, 28), "2026-12-02T00:30:00Z", Set.of())).hasSize(4);
    }

    @Test
    void closedPeriodsAreNeverClosedAgainSoARestartChangesNothing() {
        Set<String> closed = new HashSet<>();
        for (String p : due(MONTHLY, LocalDate.of(2026, 9, 20), "2026-11-02T00:00:00Z", closed)) {
            closed.add(p.substring(0, 10));
        }
        assertThat(closed).containsExactlyInAnyOrder("2026-09-01", "2026-10-01");
        assertThat(due(MONTHLY, LocalDate.of(2026, 9, 20), "2026-11-02T00:00:00Z", closed)).isEmpty();
    }

    @Test
    void daysBeforeTheFirstContractVersionAreSkipped() {
        LocalDate first = LocalDate.of(2026, 11, 5);
        List<LocalDate[]> due = ScheduledCloser.duePeriods(d -> d.isBefore(first) ? null : DAILY,
                LocalDate.of(2026, 11, 1), Instant.parse("2026-11-07T12:00:00Z"), p -> false, 10);
        assertThat(due).extracting(p -> p[0]).containsExactly(first, first.plusDays(1));
    }

    @Test
    void aLongCatchUpIsBoundedPerRun() {
        assertThat(due(DAILY, LocalDate.of(2025, 1, 1), "2026-12-01T00:00:00Z", Set.of()))
                .hasSize(ScheduledCloser.PERIODS_PER_RUN_MAX);
    }
}
