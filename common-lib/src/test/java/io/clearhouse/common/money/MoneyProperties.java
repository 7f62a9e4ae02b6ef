package io.clearhouse.common.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.testing.PropertyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** The wire form of every amount of every currency (exponents 0, 2 and 3) reads back exactly. */
class MoneyProperties {

    private static final int TRIES = 1_000;
    private static final List<String> CURRENCIES = List.of("KRW", "JPY", "USD", "EUR", "BHD", "KWD", "GBP");

    /** The long's ends, zero, one either way, and where a currency's fraction digits change hands. */
    private static final List<Long> MINOR_EDGES = Stream.concat(
            Gen.longEdges(Long.MIN_VALUE, Long.MAX_VALUE).stream(),
            Stream.of(9L, 10L, 99L, 100L, 101L, 999L, 1_000L, 1_001L, -9L, -10L, -99L, -100L, -999L, -1_000L, -1_001L))
            .toList();

    record Case(String currency, long minor) {
    }

    @Test
    void wireFormRoundTripsExactly() {
        check(c -> {
            Money money = Money.ofMinor(c.minor(), c.currency());
            assertThat(Money.parse(money.toDecimalString(), c.currency())).isEqualTo(money);
        });
    }

    @Test
    void theWireFormHasExactlyTheCurrencysFractionDigits() {
        check(c -> {
            String text = Money.ofMinor(c.minor(), c.currency()).toDecimalString();
            int exponent = Currencies.exponentOf(c.currency());
            int digits = text.contains(".") ? text.length() - text.indexOf('.') - 1 : 0;
            assertThat(digits).as(text).isEqualTo(exponent);
        });
    }

    private static void check(ThrowingConsumer<Case> property) {
        PropertyCheck.forAll(MoneyProperties::anyCase).edgeCases(edgeCases()).tries(TRIES)
                .shrinkWith(MoneyProperties::simpler).check(property);
    }

    private static Case anyCase(Random random) {
        return new Case(Gen.oneOf(random, CURRENCIES), Gen.anyLong(random));
    }

    /** Every currency with every amount edge. */
    private static List<Case> edgeCases() {
        List<Case> cases = new ArrayList<>();
        for (String currency : CURRENCIES) {
            MINOR_EDGES.forEach(minor -> cases.add(new Case(currency, minor)));
        }
        return cases;
    }

    /** Amounts toward zero, then currencies toward the first of the list. */
    private static Stream<Case> simpler(Case c) {
        return Stream.concat(Gen.shrinkLong(c.minor(), 0).map(m -> new Case(c.currency(), m)),
                IntStream.range(0, CURRENCIES.indexOf(c.currency())).mapToObj(i -> new Case(CURRENCIES.get(i), c.minor())));
    }
}
