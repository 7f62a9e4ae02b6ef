package io.clearhouse.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.testing.PropertyCheck;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    /** What the gateway and Jackson used alone before: the reference for every string. */
    private static Instant formatter(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void readsTheCanonicalShapesAsTheFormatterDoes() {
        for (String s : List.of("2026-11-25T10:15:30Z", "2026-11-25T10:15:30+09:00", "2026-11-25T10:15:30.1Z",
                "2026-11-25T10:15:30.123456789-05:30", "2024-02-29T23:59:59.999999Z", "1970-01-01T00:00:00+18:00",
                "9999-12-31T23:59:59-18:00", "0001-01-01T00:00:00Z", "2026-03-29T01:30:00+01:00")) {
            assertThat(Rfc3339.tryParse(s)).as(s).isNotNull().isEqualTo(formatter(s));
        }
    }

    @Test
    void leavesEveryOtherShapeToTheFormatter() {
        for (String s : List.of("", "2026-11-25", "2026-11-25T10:15:30", "2026-11-25t10:15:30Z",
                "2026-11-25T10:15:30z", "2026-11-25 10:15:30Z", "2026-02-30T10:15:30Z", "2025-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T10:60:00Z", "2026-11-25T10:15:60Z",
                "2026-11-25T10:15:30.Z", "2026-11-25T10:15:30.1234567890Z", "2026-11-25T10:15:30+0900",
                "2026-11-25T10:15:30+19:00", "2026-11-25T10:15:30-00:00", "2026-11-25T10:15:30+09:00:00",
                "+12026-11-25T10:15:30Z", "2026-11-25T10:15:30ZZ", "２０２６-11-25T10:15:30Z")) {
            assertThat(Rfc3339.tryParse(s)).as(s).isNull();
        }
    }

    /** Random instants, offsets and fraction lengths: the same instant as the formatter's. */
    @Test
    void agreesWithTheFormatterOnRandomTimestamps() {
        PropertyCheck.forAll(Rfc3339Test::timestamp).tries(2_000).check(s ->
                assertThat(Rfc3339.tryParse(s)).as(s).isEqualTo(formatter(s)));
    }

    /**
     * Instants across the whole supported range, at every quarter-hour offset, as {@code java.time} prints
     * them (fractions of 0, 3, 6 or 9 digits); range ends and fraction edges first; shrunk on failure.
     */
    @Test
    void readsWhatJavaTimePrints() {
        PropertyCheck.forAll(Rfc3339Test::anyMoment).edgeCases(edgeMoments()).tries(1_000)
                .shrinkWith(Rfc3339Test::simpler).check(m -> {
                    String text = Instant.ofEpochSecond(m.epochSecond(), m.nanos())
                            .atOffset(ZoneOffset.ofTotalSeconds(m.quarterHours() * 900)).toString();
                    Instant fast = Rfc3339.tryParse(text);
                    if (fast != null) {
                        assertThat(fast).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
                    }
                });
    }

    record Moment(long epochSecond, int nanos, int quarterHours) {
    }

    private static final long EPOCH_MIN = -2_000_000_000L;
    private static final long EPOCH_MAX = 4_000_000_000L;
    private static final int QUARTER_HOURS_MAX = 14 * 4;

    private static Moment anyMoment(Random r) {
        return new Moment(Gen.longBetween(r, EPOCH_MIN, EPOCH_MAX), Gen.intBetween(r, 0, 999_999_999),
                Gen.intBetween(r, -QUARTER_HOURS_MAX, QUARTER_HOURS_MAX));
    }

    private static List<Moment> edgeMoments() {
        List<Moment> edges = new ArrayList<>();
        for (long s : Gen.longEdges(EPOCH_MIN, EPOCH_MAX)) {
            for (int nanos : List.of(0, 1, 1_000, 1_000_000, 100_000_000, 999_999_999)) {
                for (int q : Gen.intEdges(-QUARTER_HOURS_MAX, QUARTER_HOURS_MAX)) {
                    edges.add(new Moment(s, nanos, q));
                }
            }
        }
        return edges;
    }

    private static Stream<Moment> simpler(Moment m) {
        return Stream.of(
                Gen.shrinkLong(m.epochSecond(), 0).map(s -> new Moment(s, m.nanos(), m.quarterHours())),
                Gen.shrinkLong(m.nanos(), 0).map(n -> new Moment(m.epochSecond(), n.intValue(), m.quarterHours())),
                Gen.shrinkLong(m.quarterHours(), 0).map(q -> new Moment(m.epochSecond(), m.nanos(), q.intValue())))
                .flatMap(x -> x);
    }

    /** One character changed anywhere: either left to the formatter, or read as the formatter reads it. */
    @Test
    void aMutatedTimestampIsNeverReadOtherwiseThanByTheFormatter() {
        PropertyCheck.forAll(r -> {
            char[] c = timestamp(r).toCharArray();
            c[r.nextInt(c.length)] = "0123456789+-:.TZtz x".charAt(r.nextInt(20));
            return new String(c);
        }).tries(5_000).check(s -> {
            Instant fast = Rfc3339.tryParse(s);
            if (fast != null) {
                assertThat(fast).as(s).isEqualTo(formatter(s));
            }
        });
    }

    @Test
    void readsADateAsTheFormatterDoesOrLeavesItToIt() {
        for (String s : List.of("2026-11-25", "2024-02-29", "0001-01-01", "9999-12-31")) {
            assertThat(Rfc3339.tryParseDate(s)).as(s).isEqualTo(java.time.LocalDate.parse(s));
        }
        for (String s : List.of("2025-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-11-00", "2026-1-25",
                "2026-11-25T00:00:00Z", "20261125", "2026/11/25", "+2026-11-25", "")) {
            assertThat(Rfc3339.tryParseDate(s)).as(s).isNull();
        }
        PropertyCheck.forAll(r -> java.time.LocalDate.ofEpochDay(r.nextLong(-719_162, 2_932_896)).toString())
                .tries(2_000).check(s -> assertThat(Rfc3339.tryParseDate(s)).as(s).isEqualTo(java.time.LocalDate.parse(s)));
    }

    /** Every instant is written exactly as {@link Instant#toString()}: across all of Instant's range, edges first. */
    @Test
    void writesInstantsExactlyAsJavaTime() {
        long min = Instant.MIN.getEpochSecond();
        long max = Instant.MAX.getEpochSecond();
        List<Instant> edges = new ArrayList<>();
        for (long s : List.of(min, max, -62_167_219_200L - 1, -62_167_219_200L, 253_402_300_799L,
                253_402_300_800L, -1L, 0L, 1L, 1_767_225_599L, 1_767_225_600L)) {
            for (int nanos : List.of(0, 1, 10, 1_000, 1_000_000, 1_000_001, 100_000_000, 120_000_000, 999_999_999)) {
                edges.add(Instant.ofEpochSecond(s, nanos));
            }
        }
        PropertyCheck.forAll(r -> {
            long second = r.nextInt(3) == 0 ? Gen.longBetween(r, min, max)
                    : Gen.longBetween(r, -62_167_219_200L - 86_400, 253_402_300_800L + 86_400);
            int nanos = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            return Instant.ofEpochSecond(second, nanos);
        }).edgeCases(edges).tries(20_000).check(i -> assertThat(Rfc3339.format(i)).isEqualTo(i.toString()));
    }

    @Test
    void writesDatesExactlyAsJavaTime() {
        List<java.time.LocalDate> edges = List.of(java.time.LocalDate.MIN, java.time.LocalDate.MAX,
                java.time.LocalDate.of(-1, 12, 31), java.time.LocalDate.of(0, 1, 1), java.time.LocalDate.of(9999, 12, 31),
                java.time.LocalDate.of(10_000, 1, 1), java.time.LocalDate.of(2024, 2, 29));
        PropertyCheck.forAll(r -> java.time.LocalDate.ofEpochDay(r.nextInt(4) == 0
                        ? r.nextLong(java.time.LocalDate.MIN.toEpochDay(), java.time.LocalDate.MAX.toEpochDay())
                        : r.nextLong(-719_530, 2_932_900)))
                .edgeCases(edges).tries(5_000).check(d -> assertThat(Rfc3339.formatDate(d)).isEqualTo(d.toString()));
    }

    private static String timestamp(Random r) {
        Instant at = Instant.ofEpochSecond(r.nextLong(-62_000_000_000L, 253_000_000_000L));
        int offsetMinutes = r.nextInt(4) == 0 ? 0 : r.nextInt(-18 * 60, 18 * 60 + 1);
        String offset = offsetMinutes == 0 && r.nextBoolean() ? "Z" : String.format("%s%02d:%02d",
                offsetMinutes < 0 ? "-" : "+", Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
        if ("-00:00".equals(offset)) {
            offset = "+00:00";
        }
        OffsetDateTime local = at.atOffset(ZoneOffset.ofTotalSeconds(
                "Z".equals(offset) ? 0 : (offset.charAt(0) == '-' ? -1 : 1)
                        * (Integer.parseInt(offset.substring(1, 3)) * 3600 + Integer.parseInt(offset.substring(4)) * 60)));
        int digits = r.nextInt(10);
        String fraction = digits == 0 ? "" : "." + String.format("%09d", r.nextInt(1_000_000_000)).substring(0, digits);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", local.getYear(), local.getMonthValue(),
                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond(), fraction, offset);
    }
}
