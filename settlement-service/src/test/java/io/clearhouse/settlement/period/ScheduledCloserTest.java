package io.clearhouse.settlement.period;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.settlement.domain.ContractTerms;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
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
}
