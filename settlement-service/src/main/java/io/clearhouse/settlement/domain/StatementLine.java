package io.clearhouse.settlement.domain;

import io.clearhouse.common.transaction.GameType;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One priced line: a (game type, currency) of the period, or a late adjustment of an earlier
 * period. {@code feeExact} is the unrounded fee in the settlement currency; {@code feeMinor} is it
 * rounded once, with the contract's rounding mode; {@code detail} is the line as it appears in the
 * statement document.
 */
public record StatementLine(int index, boolean adjustment, GameType gameType, String currency,
                            long ggrMinor, BigDecimal baseConverted, BigDecimal ggrConverted,
                            BigDecimal feeExact, long feeMinor, Map<String, Object> detail) {
}
