package io.clearhouse.settlement.domain;

import java.math.BigDecimal;

/** From {@code from} (settlement currency, month-to-date base) upwards, {@code rate} applies. */
public record Tier(BigDecimal from, BigDecimal rate) {
}
