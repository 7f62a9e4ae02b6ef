package io.clearhouse.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSettingsStepTest {

    @Test
    void readsEachDemoProvidersTimeZoneAndCutoffFromTheDemoContractsWithTheContractDefaults() throws Exception {
        assertThat(ProviderSettingsStep.fromContracts()).containsExactly(
                new ProviderSettingsStep.BusinessDay("nova-slots", ZoneId.of("Europe/Malta"), 0),
                new ProviderSettingsStep.BusinessDay("han-river-live", ZoneId.of("Asia/Seoul"), 6),
                new ProviderSettingsStep.BusinessDay("sakura-games", ZoneId.of("Asia/Tokyo"), 0),
                new ProviderSettingsStep.BusinessDay("atlas-gaming", ZoneId.of("UTC"), 0));
        assertThat(ProviderSettingsStep.fromContracts()).extracting(ProviderSettingsStep.BusinessDay::providerId)
                .containsExactlyInAnyOrderElementsOf(SimulatedProvider.demoProviders().stream()
                        .map(SimulatedProvider::id).toList());
    }

    @Test
    void everyGeneratedTransactionFallsOnTheBusinessDayItsContractSettles() {
        LocalDate day = LocalDate.of(2026, 3, 29); // Europe/Malta moves its clocks: a 23-hour day
        for (ProviderSettingsStep.BusinessDay bd : List.of(
                new ProviderSettingsStep.BusinessDay("han-river-live", ZoneId.of("Asia/Seoul"), 6),
                new ProviderSettingsStep.BusinessDay("nova-slots", ZoneId.of("Europe/Malta"), 0))) {
            SimulatedProvider provider = SimulatedProvider.demoProviders().stream()
                    .filter(p -> p.id().equals(bd.providerId())).findFirst().orElseThrow();
            Instant start = day.atTime(bd.cutoffHour(), 0).atZone(bd.zone()).toInstant();
            Instant end = day.plusDays(1).atTime(bd.cutoffHour(), 0).atZone(bd.zone()).toInstant();

            List<Map<String, Object>> txs = new TransactionGenerator(provider, "t", 7, start, end).generate(3_000);

            for (Map<String, Object> tx : txs) {
                Instant at = OffsetDateTime.parse((String) tx.get("occurredAt")).toInstant();
                LocalDate businessDate = at.atZone(bd.zone()).minusHours(bd.cutoffHour()).toLocalDate();
                assertThat(businessDate).as(bd.providerId() + " " + tx.get("occurredAt")).isEqualTo(day);
            }
        }
    }
}
