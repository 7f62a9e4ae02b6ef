package io.clearhouse.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.money.Money;
import io.clearhouse.common.money.MoneyFormatException;
import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.testing.PropertyCheck;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fast amount path agrees with the full parser wherever it answers, and declines everything else. */
class FastParseProperties {

    private static final int TRIES = 1_000;
    /** Every fraction-digit count a currency has: JPY 0, EUR 2, BHD 3 (none has 1). */
    private static final List<Integer> EXPONENTS = List.of(0, 2, 3);

    record Amount(String text, int exponent) {
    }

    @Test
    void takesTheCommonShapesAndDeclinesTheRest() {
        assertThat(FastParse.decimalMinor("12.50", 2)).isEqualTo(1250);
        assertThat(FastParse.decimalMinor("12.5", 2)).isEqualTo(1250);
        assertThat(FastParse.decimalMinor("-0.5", 3)).isEqualTo(-500);
        assertThat(FastParse.decimalMinor("100000", 0)).isEqualTo(100000);
        assertThat(FastParse.decimalMinor("01.00", 2)).isEqualTo(FastParse.NOT_FAST);
        assertThat(FastParse.decimalMinor("1.234", 2)).isEqualTo(FastParse.NOT_FAST);
        assertThat(FastParse.decimalMinor("1.", 2)).isEqualTo(FastParse.NOT_FAST);
        assertThat(FastParse.decimalMinor("99999999999999999999", 2)).isEqualTo(FastParse.NOT_FAST);
    }

    @Test
    void fastAmountsEqualMoneyParse() {
        PropertyCheck.forAll(FastParseProperties::anyAmount).edgeCases(edgeAmounts()).tries(TRIES)
                .shrinkWith(FastParseProperties::simpler).check(a -> {
                    String currency = switch (a.exponent()) {
                        case 0 -> "JPY";
                        case 2 -> "EUR";
                        default -> "BHD";
                    };
                    long fast = FastParse.decimalMinor(a.text(), a.exponent());
                    Long full;
                    try {
                        full = Money.parse(a.text(), currency).minor();
                    } catch (MoneyFormatException e) {
                        full = null;
                    }
                    if (fast != FastParse.NOT_FAST) {
                        assertThat(full).isEqualTo(fast);
                    }
                });
    }

    // ------------------------------------------------------------------ generators

    /** Junk of number-ish chars, any long, or a 3-decimal number within ±10^12, each a third of the time. */
    private static Amount anyAmount(Random r) {
        String text = switch (r.nextInt(3)) {
            case 0 -> Gen.string(r, "0123456789.-,e ", 0, 12);
            case 1 -> Long.toString(Gen.anyLong(r));
            default -> BigDecimal.valueOf(Gen.longBetween(r, -1_000_000_000_000_000L, 1_000_000_000_000_000L), 3)
                    .toPlainString();
        };
        return new Amount(text, Gen.oneOf(r, EXPONENTS));
    }

    /** Shapes at the borders of the fast path (zeros, signs, points, overflow of a long of minor units). */
    private static List<Amount> edgeAmounts() {
        List<String> texts = List.of("", "0", "-0", "00", "0.0", "0.00", "0.000", "-0.000", ".", "-", "-.", ".5", "5.",
                "1.", "-1", "01.00", "1,5", "1e3", " 1", "1 ", "1.234", "12.50", "12.5", "-0.5",
                Long.toString(Long.MIN_VALUE), Long.toString(Long.MAX_VALUE), "9223372036854775808",
                "-9223372036854775809", "922337203685477579", "922337203685477580", "92233720368547757.9",
                "92233720368547758.07", "92233720368547758.08", "-92233720368547758.08", "-92233720368547758.09",
                "9223372036854775.807", "9223372036854775.808", "-9223372036854775.808", "-9223372036854775.809",
                "99999999999999999999", "1000000000000.000", "-1000000000000.000");
        List<Amount> edges = new ArrayList<>();
        for (String text : texts) {
            EXPONENTS.forEach(e -> edges.add(new Amount(text, e)));
        }
        return edges;
    }

    private static Stream<Amount> simpler(Amount a) {
        return Stream.concat(Gen.shrinkString(a.text(), 0).map(t -> new Amount(t, a.exponent())),
                IntStream.range(0, EXPONENTS.indexOf(a.exponent())).mapToObj(i -> new Amount(a.text(), EXPONENTS.get(i))));
    }
}
