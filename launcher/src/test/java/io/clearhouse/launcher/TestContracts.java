package io.clearhouse.launcher;

import java.nio.charset.StandardCharsets;

/** The contract the stack tests load through {@code /v1/contracts/import}. */
final class TestContracts {

    private TestContracts() {
    }

    /** USD, UTC, no grace (the scheduler may close a past day at once), slots at 10 % of GGR. */
    static byte[] slotsAtTenPercent(String providerId, String reason) {
        return ("""
                reason: %s
                contracts:
                  - providerId: %s
                    effectiveFrom: "2020-01-01"
                    terms:
                      settlementCurrency: USD
                      timeZone: UTC
                      graceMinutes: 0
                      games:
                        SLOT: { base: GGR, rate: "0.10" }
                """.formatted(reason, providerId)).getBytes(StandardCharsets.UTF_8);
    }
}
