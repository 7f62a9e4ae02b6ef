package io.clearhouse.settlement.fx;

/** Rates were added or changed (by a load, an import or the scheduled ECB import); published in the loading transaction. */
public record FxRatesLoaded(int changed, String source) {
}
