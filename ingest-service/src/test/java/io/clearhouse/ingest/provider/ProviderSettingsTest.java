package io.clearhouse.ingest.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private static ProviderSettings settings(ZoneId zone, int cutoff) {
        return new ProviderSettings("p", zone, cutoff, UniquenessMode.PROVIDER_TX_ID, Duration.ofHours(1), true);
    }

    /** The business date of a local wall-clock time (unambiguous in these cases) in the zone. */
    private static LocalDate dateOfLocal(ProviderSettings s, String local) {
        return s.businessDate(LocalDateTime.parse(local).atZone(s.timeZone()).toInstant());
    }

    @Test
    void theCutOffIsWallClockTimeOnTheDaySummerTimeBegins() {
        ProviderSettings london = settings(LONDON, 6);
        // 2026-03-29: 01:00 GMT becomes 02:00 BST; the day from 06:00 to 06:00 has 23 hours
        assertThat(dateOfLocal(london, "2026-03-29T06:30")).isEqualTo(LocalDate.parse("2026-03-29"));
        assertThat(dateOfLocal(london, "2026-03-29T06:00")).isEqualTo(LocalDate.parse("2026-03-29"));
        assertThat(dateOfLocal(london, "2026-03-29T05:59")).isEqualTo(LocalDate.parse("2026-03-28"));
        assertThat(dateOfLocal(london, "2026-03-29T00:30")).isEqualTo(LocalDate.parse("2026-03-28"));
        assertThat(dateOfLocal(london, "2026-03-30T05:59")).isEqualTo(LocalDate.parse("2026-03-29"));
    }

    @Test
    void theCutOffIsWallClockTimeOnTheDaySummerTimeEnds() {
        ProviderSettings london = settings(LONDON, 6);
        // 2026-10-25: 02:00 BST becomes 01:00 GMT; the day from 06:00 to 06:00 has 25 hours
        assertThat(dateOfLocal(london, "2026-10-25T05:30")).isEqualTo(LocalDate.parse("2026-10-24"));
        assertThat(dateOfLocal(london, "2026-10-25T06:00")).isEqualTo(LocalDate.parse("2026-10-25"));
        assertThat(dateOfLocal(london, "2026-10-24T06:00")).isEqualTo(LocalDate.parse("2026-10-24"));
        assertThat(dateOfLocal(london, "2026-10-26T05:59")).isEqualTo(LocalDate.parse("2026-10-25"));
    }

    @Test
    void bothOccurrencesOfTheRepeatedHourBelongToTheSameDay() {
        ProviderSettings london = settings(LONDON, 6);
        LocalDateTime repeated = LocalDateTime.parse("2026-10-25T01:30");
        var early = repeated.atZone(LONDON).withEarlierOffsetAtOverlap().toInstant();
        var late = repeated.atZone(LONDON).withLaterOffsetAtOverlap().toInstant();
        assertThat(early).isNotEqualTo(late);
        assertThat(london.businessDate(early)).isEqualTo(LocalDate.parse("2026-10-24"));
        assertThat(london.businessDate(late)).isEqualTo(LocalDate.parse("2026-10-24"));
    }

    @Test
    void seoulHasNoDaylightSavingAndACutOffAtSix() {
        ProviderSettings seoul = settings(SEOUL, 6);
        assertThat(dateOfLocal(seoul, "2026-03-29T05:59")).isEqualTo(LocalDate.parse("2026-03-28"));
        assertThat(dateOfLocal(seoul, "2026-03-29T06:00")).isEqualTo(LocalDate.parse("2026-03-29"));
        assertThat(dateOfLocal(seoul, "2026-10-25T05:30")).isEqualTo(LocalDate.parse("2026-10-24"));
        assertThat(seoul.businessDate(java.time.Instant.parse("2026-11-24T21:00:00Z")))
                .isEqualTo(LocalDate.parse("2026-11-25"));
    }

    @Test
    void withoutACutOffTheBusinessDateIsTheLocalDate() {
        assertThat(dateOfLocal(settings(LONDON, 0), "2026-03-29T00:30")).isEqualTo(LocalDate.parse("2026-03-29"));
        assertThat(dateOfLocal(settings(LONDON, 0), "2026-10-25T23:59")).isEqualTo(LocalDate.parse("2026-10-25"));
    }
}
