package io.clearhouse.common.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({
            "KRW, 15000, 15000",
            "JPY, 300, 300",
            "USD, 12.50, 1250",
            "USD, 12.5, 1250",
            "USD, 0.01, 1",
            "EUR, -3.20, -320",
            "BHD, 1.234, 1234",
            "KWD, 0.005, 5"})
    void parsesAmountsWithinTheCurrencysExponent(String currency, String text, long minor) {
        assertThat(Money.parse(text, currency)).isEqualTo(Money.ofMinor(minor, currency));
    }

    @ParameterizedTest
    @CsvSource({
            "KRW, 1.5",
            "KRW, 100.0",
            "JPY, 0.1",
            "USD, 1.005",
            "EUR, 0.001",
            "BHD, 1.2345"})
    void refusesMoreFractionDigitsThanTheCurrencyAllows(String currency, String text) {
        assertThatThrownBy(() -> Money.parse(text, currency))
                .isInstanceOf(MoneyFormatException.class)
                .hasMessageContaining("fraction digits");
    }

    @ParameterizedTest
    @CsvSource({"USD, 1e3", "USD, '1,000.00'", "USD, ' 1.00'", "USD, +1.00", "USD, .5", "USD, 01.00", "USD, NaN",
            "USD, ''"})
    void refusesAnythingButAPlainDecimal(String currency, String text) {
        assertThatThrownBy(() -> Money.parse(text, currency)).isInstanceOf(MoneyFormatException.class);
    }

    @Test
    void refusesUnknownCurrencies() {
        assertThatThrownBy(() -> Money.parse("1.00", "XXX")).isInstanceOf(MoneyFormatException.class);
        assertThatThrownBy(() -> Money.parse("1.00", "usd")).isInstanceOf(MoneyFormatException.class);
        assertThatThrownBy(() -> Money.ofMinor(1, "ABC")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAmountsBeyondLongMinorUnits() {
        assertThatThrownBy(() -> Money.parse("99999999999999999999.00", "USD")).isInstanceOf(MoneyFormatException.class);
    }

    @Test
    void writesTheWireFormWithTheCurrencysScale() {
        assertThat(Money.ofMinor(1250, "USD").toDecimalString()).isEqualTo("12.50");
        assertThat(Money.ofMinor(15000, "KRW").toDecimalString()).isEqualTo("15000");
        assertThat(Money.ofMinor(5, "BHD").toDecimalString()).isEqualTo("0.005");
        assertThat(Money.ofMinor(-7, "EUR").toDecimalString()).isEqualTo("-0.07");
    }

    @Test
    void roundsOnceWithTheGivenMode() {
        assertThat(Money.of(new BigDecimal("10.005"), "USD", RoundingMode.HALF_EVEN).minor()).isEqualTo(1000);
        assertThat(Money.of(new BigDecimal("10.005"), "USD", RoundingMode.HALF_UP).minor()).isEqualTo(1001);
        assertThat(Money.of(new BigDecimal("1234.5"), "JPY", RoundingMode.HALF_EVEN).minor()).isEqualTo(1234);
        assertThat(Money.of(new BigDecimal("1.2345"), "BHD", RoundingMode.DOWN).minor()).isEqualTo(1234);
    }

    @Test
    void refusesArithmeticAcrossCurrencies() {
        assertThatThrownBy(() -> Money.ofMinor(1, "USD").plus(Money.ofMinor(1, "EUR")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
