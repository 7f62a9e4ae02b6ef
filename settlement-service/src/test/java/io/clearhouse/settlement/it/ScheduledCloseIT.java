package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.settlement.period.ScheduledCloser;
import io.clearhouse.settlement.period.ScheduledCloserHandle;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** One poll of the scheduled close, on the real database, at a fixed time. */
class ScheduledCloseIT extends SettlementITBase {

    @Autowired
    ScheduledCloser scheduledCloser;

    @Test
    void eachDuePeriodClosesOnceAndAQuietMonthEndStillGetsItsMinimumGuarantee() throws Exception {
        // dates before every other IT's contracts, so the poll closes only these two providers
        String monthly = uniqueProvider("sched-m");
        String daily = uniqueProvider("sched-d");
        post("/v1/contracts", Map.of("providerId", monthly, "effectiveFrom", "2024-05-01", "reason", "monthly MG",
                "terms", Map.of("settlementCurrency", "USD", "period", "MONTHLY", "graceMinutes", 0,
                        "games", Map.of("SLOT", Map.of("rate", "0.10", "minimumGuarantee", "500.00")))), "carol", "FINANCE");
        post("/v1/contracts", Map.of("providerId", daily, "effectiveFrom", "2024-05-01", "reason", "daily",
                "terms", Map.of("settlementCurrency", "USD", "graceMinutes", 0,
                        "games", Map.of("SLOT", Map.of("rate", "0.10", "minimumGuarantee", "50.00")))), "carol", "FINANCE");
        LocalDate may3 = LocalDate.of(2024, 5, 3);
        LocalDate may20 = LocalDate.of(2024, 5, 20);
        LocalDate may30 = LocalDate.of(2024, 5, 30);
        publish(List.of(tx(monthly, "m1", TransactionType.BET, GameType.SLOT, 100_000, "USD", may3),
                tx(monthly, "m2", TransactionType.BET, GameType.SLOT, 100_000, "USD", may20),
                tx(daily, "d1", TransactionType.BET, GameType.SLOT, 10_000, "USD", may30)));
        await("counted", () -> transactionsCounted(monthly, may3) == 1 && transactionsCounted(monthly, may20) == 1
                && transactionsCounted(daily, may30) == 1);

        Clock june2 = Clock.fixed(Instant.parse("2024-06-02T01:00:00Z"), ZoneOffset.UTC);
        Runnable poll = ScheduledCloserHandle.poll(scheduledCloser, june2);
        poll.run();
        poll.run(); // a second poll (or a restart) closes nothing again

        List<String> monthlyIds = ids(monthly);
        assertThat(monthlyIds).containsExactly(monthly + ":2024-05-01:v1");
        JsonNode doc = get("/v1/statements/" + monthlyIds.get(0), "bob", "FINANCE").body().get("document");
        assertThat(doc.get("periodEnd").asString()).isEqualTo("2024-05-31");
        // 2,000.00 of GGR at 10 % = 200.00, topped up to the 500.00 guarantee
        assertThat(doc.get("totals").get("minimumGuaranteeTopUpMinor").asLong()).isEqualTo(30_000);
        assertThat(doc.get("totals").get("totalPayable").asString()).isEqualTo("500.00");

        // daily: 05-30 (activity: 100.00 → fee 10.00), 05-31 (quiet, ends the month: the MG top-up), 06-01 (quiet); not 06-02
        assertThat(ids(daily)).containsExactlyInAnyOrder(daily + ":2024-05-30:v1", daily + ":2024-05-31:v1",
                daily + ":2024-06-01:v1");
        JsonNode monthEnd = get("/v1/statements/" + daily + ":2024-05-31:v1", "bob", "FINANCE").body().get("document");
        assertThat(monthEnd.get("lines")).isEmpty();
        assertThat(monthEnd.get("totals").get("minimumGuaranteeTopUpMinor").asLong()).isEqualTo(4_000); // 50 − 10
    }

    private List<String> ids(String provider) throws Exception {
        List<String> ids = new ArrayList<>();
        get("/v1/statements?providerId=" + provider, "bob", "FINANCE").body()
                .forEach(s -> ids.add(s.get("statementId").asString()));
        return ids;
    }
}
