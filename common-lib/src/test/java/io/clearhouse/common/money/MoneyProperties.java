package io.clearhouse.common.money;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MoneyProperties {

    @Property
    void wireFormRoundTripsExactly(@ForAll("currencies") String currency,
                                   @ForAll long minor) {
        Money money = Money.ofMinor(minor, currency);
        assertThat(Money.parse(money.toDecimalString(), currency)).isEqualTo(money);
    }

    @Property
    void theWireFormHasExactlyTheCurrencysFractionDigits(@ForAll("currencies") String currency, @ForAll long minor) {
        String text = Money.ofMinor(minor, currency).toDecimalString();
        int exponent = Currencies.exponentOf(currency);
        int digits = text.contains(".") ? text.length() - text.indexOf('.') - 1 : 0;
        assertThat(digits).isEqualTo(exponent);
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of("KRW", "JPY", "USD", "EUR", "BHD", "KWD", "GBP");
    }
}
