package io.clearhouse.reconciliation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReconciliationPropertiesTest {

    private static ReconciliationProperties with(String major, String byCurrency) {
        return new ReconciliationProperties(1000, 100, 5_000_000, 65_536, 1, 0.1, new BigDecimal(major), byCurrency,
                31, 200, 100, null);
    }

    @Test
    void theFourEyesThresholdIsInMajorUnitsScaledByEachCurrencysExponent() {
        ReconciliationProperties p = with("100", "");
        assertThat(p.approvalAboveMinor("USD")).isEqualTo(10_000);   // 100.00 USD
        assertThat(p.approvalAboveMinor("KRW")).isEqualTo(100);      // 100 KRW
        assertThat(p.approvalAboveMinor("BHD")).isEqualTo(100_000);  // 100.000 BHD
        assertThat(p.approvalAboveMinor("XXX")).as("unknown: no fraction digits, the stricter reading")
                .isEqualTo(100);
    }

    @Test
    void aCurrencyCanHaveItsOwnThresholdAndTheOthersKeepTheDefault() {
        ReconciliationProperties p = with("100", " krw=150000 , JPY=10000.5");
        assertThat(p.approvalAboveMinor("KRW")).isEqualTo(150_000);
        assertThat(p.approvalAboveMinor("JPY")).as("below the minor unit is dropped").isEqualTo(10_000);
        assertThat(p.approvalAboveMinor("EUR")).isEqualTo(10_000);
    }

    @Test
    void aMalformedThresholdMapOrNegativeDefaultFailsTheStart() {
        assertThatThrownBy(() -> with("100", "KRW:5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with("100", "ZZZ=5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with("100", "KRW=1e9")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with("-1", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxLinesIsBoundedSoAStatementsSumsFitALong() {
        assertThat(ReconciliationProperties.MAX_LINES * io.clearhouse.common.transaction.TransactionRules.AMOUNT_MINOR_MAX)
                .isPositive().isLessThan(Long.MAX_VALUE);
        assertThatThrownBy(() -> new ReconciliationProperties(1000, 100, ReconciliationProperties.MAX_LINES + 1, 65_536,
                1, 0.1, BigDecimal.ONE, "", 31, 200, 100, null)).hasMessageContaining("max-lines");
        assertThatThrownBy(() -> new ReconciliationProperties(1000, 100, 0, 65_536, 1, 0.1, BigDecimal.ONE, "", 31,
                200, 100, null)).hasMessageContaining("max-lines");
    }
}
