package io.clearhouse.settlement.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * The terms for one game type. With no tiers the fee is {@code rate × base}; with tiers the rate
 * comes from the month-to-date base in the settlement currency.
 *
 * @param minimumGuarantee monthly minimum fee in the settlement currency, or null
 */
public record GameTerms(Terms.Base base, BigDecimal rate, Terms.TierMode tierMode, List<Tier> tiers,
                        BigDecimal minimumGuarantee, Terms.Funder freeRoundFunder,
                        Terms.JackpotTreatment jackpotTreatment) {

    public GameTerms {
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
    }
}
