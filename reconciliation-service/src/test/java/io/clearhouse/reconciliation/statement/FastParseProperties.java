package io.clearhouse.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.money.Money;
import io.clearhouse.common.money.MoneyFormatException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The fast paths agree with the full parsers wherever they answer, and decline everything else. */
class FastParseProperties {

    @Property
    void fastTimestampsEqualJavaTime(@ForAll @LongRange(min = -2_000_000_000L, max = 4_000_000_000L) long epochSecond,
                                     @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
                                     @ForAll @IntRange(min = -14 * 4, max = 14 * 4) int quarterHours) {
        OffsetDateTime t = Instant.ofEpochSecond(epochSecond, nanos)
                .atOffset(ZoneOffset.ofTotalSeconds(quarterHours * 900));
        String text = t.toString();
        Instant fast = FastParse.rfc3339(text);
        if (fast != null) {
            assertThat(fast).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Example
    void declinesWhatIsNotRfc3339() {
        assertThat(FastParse.rfc3339("2026-02-30T10:00:00Z")).isNull();
        assertThat(FastParse.rfc3339("2026-11-21T24:00:00Z")).isNull();
        assertThat(FastParse.rfc3339("2026-11-21T10:00:00")).isNull();
        assertThat(FastParse.rfc3339("2026-11-21 10:00:00Z")).isNull();
        assertThat(FastParse.rfc3339("2026-11-21T10:00:00.Z")).isNull();
        assertThat(FastParse.rfc3339("2026-11-21T10:00:00.5+01:00"))
                .isEqualTo(Instant.parse("2026-11-21T09:00:00.5Z"));
    }

    @Example
    void takesTheCommonShapesAndDeclinesTheRest() {
        assertThat(FastParse.decimalMinor("12.50", 2)).isEqualTo(1250);
        assertThat(FastParse.decimalMinor("12.5", 2)).isEqualTo(1250);
        assertThat(FastParse.decimalMinor("-0.5", 3)).isEqualTo(-500);
        assertThat(FastParse.decimalMinor("100000", 0)).isEqualTo(100000);
        assertThat(FastParse.decimalMinor("01.00", 2)).isEqualTo(FastParse.NOT_FAST);
        assertThat(FastParse.decimalMinor("1.234", 2)).isEqualTo(FastParse.NOT_FAST);
        assertThat(FastParse.decimalMinor("1.", 2)).isEqualTo(FastParse.NOT_FAST);
        assertThat(FastParse.decimalMinor("99999999999999999999", 2)).isEqualTo(FastParse.NOT_FAST);
        assertThat(FastParse.rfc3339("2026-11-21T10:00:00Z")).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Property
    void fastAmountsEqualMoneyParse(@ForAll("decimals") String text, @ForAll @IntRange(min = 0, max = 3) int exponent) {
        String currency = switch (exponent) {
            case 0 -> "JPY";
            case 2 -> "EUR";
            default -> "BHD";
        };
        if (exponent == 1) {
            return; // no currency has one fraction digit
        }
        long fast = FastParse.decimalMinor(text, exponent);
        Long full;
        try {
            full = Money.parse(text, currency).minor();
        } catch (MoneyFormatException e) {
            full = null;
        }
        if (fast != FastParse.NOT_FAST) {
            assertThat(full).isEqualTo(fast);
        }
    }

    @Provide
    Arbitrary<String> decimals() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.-,e ").ofMinLength(0).ofMaxLength(12),
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.bigDecimals().ofScale(3).between(new java.math.BigDecimal("-1e12"),
                        new java.math.BigDecimal("1e12")).map(java.math.BigDecimal::toPlainString));
    }
}
