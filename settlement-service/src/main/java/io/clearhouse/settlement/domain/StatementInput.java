package io.clearhouse.settlement.domain;

import io.clearhouse.common.transaction.GameType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything a statement is computed from; the same input always gives the same statement bytes.
 *
 * @param aggregates             the period's aggregate lines (any order: the calculator sorts)
 * @param monthBaseBefore        per game type, the month's base converted to the settlement currency
 *                               in earlier periods of the same month (for tiers), exact
 * @param monthFeesBeforeMinor   per game type, fees of earlier periods of the month (for the minimum guarantee)
 * @param previousCarryOutMinor  the carry-forward the previous period left (≤ 0), in settlement minor units
 * @param previousPeriodEnd      the end of that previous period, or null when there is none
 */
public record StatementInput(String providerId, LocalDate periodStart, LocalDate periodEnd, int contractVersion,
                             ContractTerms terms, List<AggregateLine> aggregates,
                             Map<GameType, BigDecimal> monthBaseBefore, Map<GameType, Long> monthFeesBeforeMinor,
                             long previousCarryOutMinor, LocalDate previousPeriodEnd) {

    public StatementInput {
        aggregates = List.copyOf(aggregates);
        monthBaseBefore = Map.copyOf(monthBaseBefore);
        monthFeesBeforeMinor = Map.copyOf(monthFeesBeforeMinor);
        if (previousCarryOutMinor > 0) {
            throw new IllegalArgumentException("a carry-forward is never positive: " + previousCarryOutMinor);
        }
    }
}
