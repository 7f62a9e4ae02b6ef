package io.clearhouse.launcher;

import java.nio.charset.StandardCharsets;

/** The contract the stack tests load through {@code /v1/contracts/import}. */
final class TestContracts {

    private TestContracts() {
    }

    /** USD, UTC, no grace (the scheduler may close a past day at once), slots at 10 % of GGR. */
    static byte[] slotsAtTenPercent(String providerId, String reason) {
        return ggrRates(providerId, reason, java.util.Map.of("SLOT", "0.10"));
    }

    /** USD, UTC, no grace, each game type at its rate of GGR. */
    static byte[] ggrRates(String providerId, String reason, java.util.Map<String, String> rates) {
        StringBuilder games = new StringBuilder();
        new java.util.TreeMap<>(rates).forEach((game, rate) -> games.append("\n            ").append(game)
                .append(": { base: GGR, rate: \"").append(rate).append("\" }"));
        return ("""
                reason: %s
                contracts:
                  - providerId: %s
                    effectiveFrom: "2020-01-01"
                    terms:
                      settlementCurrency: USD
                      timeZone: UTC
                      graceMinutes: 0
                      games:%s
                """.formatted(reason, providerId, games)).getBytes(StandardCharsets.UTF_8);
    }
}
