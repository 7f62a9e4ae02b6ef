package io.clearhouse.settlement.domain;

import java.math.BigDecimal;

/**
 * One step of the NGR deduction list. BONUS_COST and JACKPOT_CONTRIBUTIONS deduct amounts taken from
 * the aggregates; GAMING_TAX and OTHER deduct {@code rate} times what remains after the steps listed
 * before them, which is why the order the contract states matters.
 */
public record Deduction(Terms.DeductionType type, String name, BigDecimal rate) {

    public String label() {
        return name != null ? name : type.name();
    }
}
